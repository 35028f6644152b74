using System.Buffers;
using System.Globalization;
using System.Text;
using System.Runtime.Versioning;

namespace Supervision.Processes.Output;

/// <summary>
/// Foreman-style output shared by every child in Prefix mode: <c>HH:mm:ss web.1 | line</c>, names padded to the
/// longest, the prefix coloured per type when the output is a terminal. A line is appended whole under one lock,
/// so lines never interleave mid-line; a slow output blocks the writers, which slows the children through their pipes.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class PrefixConsole
{
    private static readonly string[] Colours = ["\e[36m", "\e[33m", "\e[32m", "\e[35m", "\e[31m", "\e[34m", "\e[96m", "\e[93m"];
    private const string Reset = "\e[0m";
    private const int FlushThreshold = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);
    private readonly Stream _output;
    private readonly bool _colour;
    private readonly TimeProvider _time;
    private int _width;
    private long _stampSecond = -1;
    private readonly byte[] _stamp = new byte[8];

    public PrefixConsole(Stream output, bool colour, TimeProvider time)
    {
        _output = output;
        _colour = colour;
        _time = time;
    }

    /// <summary>The host's stdout; nowhere when the host was started with its stdout closed (see <see cref="HostStandardStreams"/>).</summary>
    public static PrefixConsole ForStandardOutput(TimeProvider time) =>
        HostStandardStreams.OutputUsable
            ? new(Console.OpenStandardOutput(), colour: !Console.IsOutputRedirected, time)
            : new(Stream.Null, colour: false, time);

    /// <summary>Makes room for <paramref name="name"/> in the padded name column.</summary>
    public void Register(string name)
    {
        lock (_gate)
        {
            _width = Math.Max(_width, name.Length);
        }
    }

    public string ColourFor(int typeIndex) => _colour ? Colours[typeIndex % Colours.Length] : string.Empty;

    public void WriteLine(string name, string colour, in ReadOnlySequence<byte> line)
    {
        lock (_gate)
        {
            Span<byte> prefix = _buffer.GetSpan(64 + name.Length + _width);
            int length = Encoding.UTF8.GetBytes(colour, prefix);
            Stamp().CopyTo(prefix[length..]);
            length += _stamp.Length;
            prefix[length++] = (byte)' ';
            length += Encoding.UTF8.GetBytes(name, prefix[length..]);
            for (int pad = name.Length; pad < _width; pad++)
            {
                prefix[length++] = (byte)' ';
            }

            length += Encoding.UTF8.GetBytes(" | ", prefix[length..]);
            if (colour.Length != 0)
            {
                length += Encoding.UTF8.GetBytes(Reset, prefix[length..]);
            }

            _buffer.Advance(length);
            foreach (ReadOnlyMemory<byte> segment in line)
            {
                _buffer.Write(segment.Span);
            }

            _buffer.Write("\n"u8);
            if (_buffer.WrittenCount >= FlushThreshold)
            {
                FlushLocked();
            }
        }
    }

    // HH:mm:ss changes once a second; converting to local time for every line would cost more than the line.
    private ReadOnlySpan<byte> Stamp()
    {
        DateTimeOffset now = _time.GetUtcNow();
        long second = now.UtcTicks / TimeSpan.TicksPerSecond;
        if (second != _stampSecond)
        {
            _stampSecond = second;
            now.ToOffset(_time.LocalTimeZone.GetUtcOffset(now)).TryFormat(_stamp, out _, "HH:mm:ss", CultureInfo.InvariantCulture);
        }

        return _stamp;
    }

    public void Flush()
    {
        lock (_gate)
        {
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        if (_buffer.WrittenCount != 0)
        {
            _output.Write(_buffer.WrittenSpan);
            _output.Flush();
            _buffer.ResetWrittenCount();
        }
    }
}
