using System.Buffers;
using System.Numerics;
using System.Text;

namespace Supervision;

/// <summary>
/// The last lines one instance wrote, stdout and stderr in the order they were read, across its runs: a ring of at most
/// <c>RecentOutputLines</c> lines, each cut at <see cref="MaxLineBytes"/>, so an instance holds at most capacity × 1 KiB.
/// The lines stay bytes until someone asks for them; a slot keeps its array from one lap to the next, so once the ring
/// has gone round a line costs a copy and nothing else. The output pumps hand lines over a batch at a time
/// (<see cref="Writer"/>), so the lock is taken once per read from the pipe, not once per line.
/// </summary>
internal sealed class RecentOutput
{
    /// <summary>The longest line kept, in bytes; a longer one is cut there (between UTF-8 characters) and marked.</summary>
    public const int MaxLineBytes = 1024;

    private const string CutMark = "…";

    private readonly Lock _gate = new();
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private readonly OutputFollowers _followers;
    private Slot[]? _slots;
    private int _next;
    private int _count;

    public RecentOutput(string typeName, int number, string source, int capacity, TimeProvider time, OutputFollowers followers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        TypeName = typeName;
        Number = number;
        Source = source;
        _capacity = capacity;
        _time = time;
        _followers = followers;
    }

    public string TypeName { get; }

    public int Number { get; }

    public string Source { get; }

    /// <summary>Takes the lines of one output pipe of one run; the pump that reads that pipe is its only user.</summary>
    public Writer CreateWriter(bool isError) => new(this, isError);

    /// <summary>The lines kept, oldest first.</summary>
    public OutputLine[] Snapshot()
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                return [];
            }

            var lines = new OutputLine[_count];
            int first = (_next - _count + _capacity) % _capacity;
            for (int i = 0; i < lines.Length; i++)
            {
                ref Slot slot = ref _slots![(first + i) % _capacity];
                lines[i] = new OutputLine(new DateTimeOffset(slot.UtcTicks, TimeSpan.Zero), Source, Decode(slot.Bytes!.AsSpan(0, slot.Length), slot.Cut), slot.IsError);
            }

            return lines;
        }
    }

    private static string Decode(ReadOnlySpan<byte> bytes, bool cut)
    {
        // A CRLF line reads as the same line as an LF one.
        if (!cut && bytes.Length != 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        string text = Encoding.UTF8.GetString(bytes);
        return cut ? text + CutMark : text;
    }

    /// <summary>Copies the held lines, oldest first, into the ring: one lock and one clock read for the batch.</summary>
    private void Take(Pending[] pending, int start, int count, bool isError)
    {
        lock (_gate)
        {
            _slots ??= new Slot[_capacity];
            long ticks = _time.GetUtcNow().UtcTicks;
            for (int i = 0; i < count; i++)
            {
                ref Pending line = ref pending[(start + i) % _capacity];
                ref Slot slot = ref _slots[_next];
                Copy(line.Bytes, ref slot);
                slot.Cut |= line.Cut;
                slot.IsError = isError;
                slot.UtcTicks = ticks;
                _next = (_next + 1) % _capacity;
                _count = Math.Min(_count + 1, _capacity);
            }
        }
    }

    private static void Copy(in ReadOnlySequence<byte> bytes, ref Slot slot)
    {
        int length = (int)Math.Min(bytes.Length, MaxLineBytes);
        if (slot.Bytes is null || slot.Bytes.Length < length)
        {
            slot.Bytes = new byte[Math.Min((int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(length, 32)), MaxLineBytes)];
        }

        bytes.Slice(0, length).CopyTo(slot.Bytes);
        slot.Cut = bytes.Length > length;
        if (slot.Cut && (bytes.Slice(length, 1).FirstSpan[0] & 0xC0) == 0x80)
        {
            // The cut falls inside a character: it goes before that character's lead byte instead.
            int lead = length - 1;
            while (lead > 0 && length - lead < 4 && (slot.Bytes[lead] & 0xC0) == 0x80)
            {
                lead--;
            }

            length = lead;
        }

        slot.Length = length;
    }

    private void Publish(in ReadOnlySequence<byte> bytes, bool cut, bool isError)
    {
        var slot = default(Slot);
        Copy(bytes, ref slot);
        string text = Decode(slot.Bytes.AsSpan(0, slot.Length), cut || slot.Cut);
        _followers.Publish(TypeName, Number, new OutputLine(_time.GetUtcNow(), Source, text, isError));
    }

    private struct Slot
    {
        public byte[]? Bytes;
        public int Length;
        public bool Cut;
        public bool IsError;
        public long UtcTicks;
    }

    private record struct Pending(ReadOnlySequence<byte> Bytes, bool Cut);

    /// <summary>
    /// Holds the last lines of the batch a pump is passing on, as slices of the pipe's buffer (valid until the pump
    /// advances past them), and hands them to the ring at <see cref="Commit"/>: a burst of thousands of lines copies
    /// only the last ones. A line that comes in pieces (longer than its sink takes whole) is kept by its first piece.
    /// </summary>
    internal sealed class Writer(RecentOutput owner, bool isError) : IDisposable
    {
        private Pending[]? _pending;
        private int _start;
        private int _count;
        private bool _continues;

        public void Line(in ReadOnlySequence<byte> line)
        {
            if (_continues)
            {
                _continues = false;
                return;
            }

            Hold(line, cut: false);
        }

        public void Piece(in ReadOnlySequence<byte> piece)
        {
            if (!_continues)
            {
                _continues = true;
                Hold(piece, cut: true);
            }
        }

        /// <summary>Hands the held lines to the ring; call before the pipe's buffer is advanced past them.</summary>
        public void Commit()
        {
            if (_count != 0)
            {
                owner.Take(_pending!, _start, _count, isError);
                // Nothing moved the start before the ring filled: the used entries are the first ones.
                Array.Clear(_pending!, 0, _count);
                (_start, _count) = (0, 0);
            }
        }

        public void Dispose()
        {
            if (_pending is { } pending)
            {
                _pending = null;
                ArrayPool<Pending>.Shared.Return(pending, clearArray: true);
            }
        }

        private void Hold(in ReadOnlySequence<byte> bytes, bool cut)
        {
            int capacity = owner._capacity;
            _pending ??= ArrayPool<Pending>.Shared.Rent(capacity);
            if (_count < capacity)
            {
                _pending[(_start + _count++) % capacity] = new Pending(bytes, cut);
            }
            else
            {
                _pending[_start] = new Pending(bytes, cut);
                _start = (_start + 1) % capacity;
            }

            if (owner._followers.HasFollowers)
            {
                owner.Publish(bytes, cut, isError);
            }
        }
    }
}
