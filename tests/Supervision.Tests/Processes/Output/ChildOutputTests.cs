using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Processes.Output;

/// <summary>Child output: complete, in order, whole lines, bounded memory, back-pressure on a slow sink.</summary>
public sealed partial class ChildOutputTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_million_lines_reach_the_log_sink_complete_and_in_order()
    {
        const int Lines = 1_000_000;
        await using var h = new ChildHarness();
        long next = 1;
        string? mismatch = null;
        h.Logs.OnEntry = entry =>
        {
            if (entry.Category != "Supervision.flood")
            {
                return;
            }

            if (mismatch is null && entry.Message != "line " + next)
            {
                mismatch = $"expected 'line {next}', got '{entry.Message}'";
            }

            next++;
        };
        h.AddChild("flood", TestChild.Options("lines", Lines.ToString(System.Globalization.CultureInfo.InvariantCulture))).Restart = RestartPolicy.Never;

        await h.StartAsync();
        await h.Events.WaitAsync(Exited, "flood.1");

        Assert.Null(mismatch);
        Assert.Equal(Lines + 1, next);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_million_lines_reach_the_prefix_sink_complete_in_order_and_formatted()
    {
        const int Lines = 1_000_000;
        var output = new LineCheckingStream();
        await using var h = new ChildHarness(output);
        h.AddChild("flood", TestChild.Options("lines", Lines.ToString(System.Globalization.CultureInfo.InvariantCulture))).Output = ChildOutputMode.Prefix;
        h.Type("flood").Restart = RestartPolicy.Never;
        ProcessTypeOptions quiet = h.AddChild("longer-name", TestChild.Options("partial", string.Empty));
        quiet.Output = ChildOutputMode.Prefix;
        quiet.Restart = RestartPolicy.Never;

        await h.StartAsync();
        await h.Events.WaitAsync(Exited, "flood.1");

        Assert.Null(output.Mismatch);
        Assert.Equal(Lines, output.Count);
        Assert.Matches(PrefixLine(), output.First!);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_slow_sink_loses_nothing_and_slows_the_child_down_through_the_pipe()
    {
        const int Lines = 200_000;
        var output = new LineCheckingStream { DelayPerWrite = TimeSpan.FromMilliseconds(2) };
        await using var h = new ChildHarness(output);
        h.AddChild("flood", TestChild.Options("lines", Lines.ToString(System.Globalization.CultureInfo.InvariantCulture))).Output = ChildOutputMode.Prefix;
        h.Type("flood").Restart = RestartPolicy.Never;
        await h.StartAsync();

        // The child can write all its lines in a fraction of a second; with a sink this slow it must still be
        // blocked on its pipe when a quarter of its output has arrived, or we would be buffering it all.
        await output.WaitForCountAsync(Lines / 4);
        Assert.Empty(h.Events.Of(Exited, "flood.1"));
        Assert.True(Process.GetCurrentProcess().WorkingSet64 < 2L * 1024 * 1024 * 1024);

        await h.Events.WaitAsync(Exited, "flood.1");
        Assert.Null(output.Mismatch);
        Assert.Equal(Lines, output.Count);
    }

    [GeneratedRegex(@"^\d\d:\d\d:\d\d flood\.1       \| line 1$")]
    private static partial Regex PrefixLine();

    /// <summary>Checks that "… | line N" lines arrive whole and in order; optionally slow, like a congested terminal.</summary>
    private sealed class LineCheckingStream : Stream
    {
        private readonly StringBuilder _partial = new();
        private readonly SemaphoreSlim _progress = new(0);
        private long _count;

        public TimeSpan DelayPerWrite { get; init; }

        public long Count => Interlocked.Read(ref _count);

        public string? First { get; private set; }

        public string? Mismatch { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public async Task WaitForCountAsync(long count)
        {
            using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
            while (Count < count)
            {
                await _progress.WaitAsync(timeout.Token);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (DelayPerWrite > TimeSpan.Zero)
            {
                // Simulates a slow consumer; this is the sink being slow, not a test waiting for something.
                Thread.Sleep(DelayPerWrite);
            }

            _partial.Append(Encoding.UTF8.GetString(buffer));
            string text = _partial.ToString();
            int end = text.LastIndexOf('\n');
            if (end < 0)
            {
                return;
            }

            foreach (string line in text[..end].Split('\n'))
            {
                First ??= line;
                long expected = _count + 1;
                if (Mismatch is null && !line.EndsWith($" | line {expected}", StringComparison.Ordinal))
                {
                    Mismatch = $"expected line {expected}, got '{line}'";
                }

                Interlocked.Increment(ref _count);
            }

            _partial.Clear().Append(text[(end + 1)..]);
            _progress.Release();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _progress.Dispose();
            base.Dispose(disposing);
        }
    }
}
