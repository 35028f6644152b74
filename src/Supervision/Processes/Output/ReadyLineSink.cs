using System.Buffers;
using System.Runtime.Versioning;
using System.Text;
using System.Text.RegularExpressions;
using Supervision.Runs;

namespace Supervision.Processes.Output;

/// <summary>
/// The readiness probe of <see cref="ReadinessProbe.Output"/>: passes every line on and, until one matches the
/// pattern, tries each against it; the first match reports the run ready. Put in front of a sink only for types with
/// that probe, so the others pay nothing per line; once matched, a line costs one flag read more.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ReadyLineSink(OutputSink inner, Regex pattern, RunChannel channel, int generation) : OutputSink
{
    /// <summary>How long one match may take: a pattern that backtracks without end must not hold the output pipe.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private bool _matched;

    public override int MaxLineLength => inner.MaxLineLength;

    public override void WriteLine(in ReadOnlySequence<byte> line, bool isError)
    {
        if (!_matched)
        {
            Match(line);
        }

        inner.WriteLine(line, isError);
    }

    public override void WritePiece(in ReadOnlySequence<byte> piece, bool isError) => inner.WritePiece(piece, isError);

    public override void Flush() => inner.Flush();

    private void Match(in ReadOnlySequence<byte> line)
    {
        bool matched;
        try
        {
            matched = pattern.IsMatch(Encoding.UTF8.GetString(line));
        }
        catch (RegexMatchTimeoutException)
        {
            matched = false;
        }

        if (matched)
        {
            // Stdout and stderr are pumped on two threads: both may match, and the second report is dropped as stale.
            _matched = true;
            channel.Ready(generation);
        }
    }
}
