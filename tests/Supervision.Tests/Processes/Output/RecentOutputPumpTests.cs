using System.Buffers;
using System.Text;

namespace Supervision.Tests.Processes.Output;

/// <summary>The ring as the pump fills it, read after read: lines found again at the end of each batch, whatever its size.</summary>
public sealed class RecentOutputPumpTests
{
    private const string Output = "a\nbb\r\nccc\n0123456789ABCDEFGHIJ\nafter\ntail";

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData(1, 10, new[] { "a", "bb", "ccc", "01234567…", "after", "tail" })]
    [InlineData(3, 10, new[] { "a", "bb", "ccc", "01234567…", "after", "tail" })]
    [InlineData(7, 3, new[] { "01234567…", "after", "tail" })]
    [InlineData(64 * 1024, 10, new[] { "a", "bb", "ccc", "01234567…", "after", "tail" })]
    [InlineData(64 * 1024, 2, new[] { "after", "tail" })]
    public async Task The_last_lines_are_kept_in_order_whatever_the_reads(int readSize, int capacity, string[] expected)
    {
        var recent = new RecentOutput("t", 1, "t.1", capacity, TimeProvider.System, new OutputFollowers());
        var sink = new CountingSink();

        await OutputPump.RunAsync(new TrickleStream(Encoding.UTF8.GetBytes(Output), readSize), sink, isError: true, recent);

        OutputLine[] lines = recent.Snapshot();
        Assert.Equal(expected, lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.True(l.IsError));
        Assert.Equal(6, sink.Lines);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Two_runs_fill_one_ring_the_oldest_going_first()
    {
        var recent = new RecentOutput("t", 1, "t.1", 3, TimeProvider.System, new OutputFollowers());

        await OutputPump.RunAsync(new TrickleStream("one\ntwo\n"u8.ToArray(), 5), new CountingSink(), isError: false, recent);
        await OutputPump.RunAsync(new TrickleStream("three\nfour\n"u8.ToArray(), 5), new CountingSink(), isError: false, recent);

        Assert.Equal(["two", "three", "four"], recent.Snapshot().Select(l => l.Text));
    }

    /// <summary>Takes lines whole up to 8 bytes: a longer one comes in pieces.</summary>
    private sealed class CountingSink : OutputSink
    {
        public int Lines { get; private set; }

        public override int MaxLineLength => 8;

        public override void WriteLine(in ReadOnlySequence<byte> line, bool isError) => Lines++;

        public override void WritePiece(in ReadOnlySequence<byte> piece, bool isError)
        {
        }
    }

    /// <summary>Gives at most <paramref name="readSize"/> bytes a read, as a pipe does under a slow writer.</summary>
    private sealed class TrickleStream(byte[] bytes, int readSize) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, readSize));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, readSize), cancellationToken);
    }
}
