using System.Buffers;
using System.Text;

namespace Supervision.Tests.Processes.Output;

/// <summary>Long lines: cut into the sink's pieces, between UTF-8 characters, with nothing lost.</summary>
public sealed class OutputPumpTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_line_longer_than_the_sinks_limit_comes_in_pieces_cut_between_characters_and_whole()
    {
        // "é" is 2 bytes and "日" 3: both straddle a 16 KiB boundary unless the cut moves before them.
        string line = new string('x', LogOutputSink.PieceLength - 1) + "é" + new string('y', LogOutputSink.PieceLength - 3) + "日" + "tail";
        var sink = new RecordingSink(LogOutputSink.PieceLength);

        await OutputPump.RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(line + "\nnext\n")), sink, isError: false);

        Assert.Equal([(true, LogOutputSink.PieceLength - 1), (true, LogOutputSink.PieceLength - 1), (false, 3 + 4)], sink.Entries.Select(e => (e.Piece, e.Bytes.Length)).Take(3));
        Assert.Equal(line, string.Concat(sink.Entries.Take(3).Select(e => Encoding.UTF8.GetString(e.Bytes))));
        Assert.All(sink.Entries, e => Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(e.Bytes)));
        Assert.Equal("next", Encoding.UTF8.GetString(sink.Entries[^1].Bytes));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Bytes_that_are_not_UTF8_are_cut_at_the_limit()
    {
        byte[] bytes = [.. Enumerable.Repeat((byte)0x80, 40), (byte)'\n'];
        var sink = new RecordingSink(16);

        await OutputPump.RunAsync(new MemoryStream(bytes), sink, isError: false);

        Assert.Equal([16, 16, 8], sink.Entries.Select(e => e.Bytes.Length));
        Assert.Equal([true, true, false], sink.Entries.Select(e => e.Piece));
    }

    private sealed class RecordingSink(int maxLineLength) : OutputSink
    {
        public List<(bool Piece, byte[] Bytes)> Entries { get; } = [];

        public override int MaxLineLength => maxLineLength;

        public override void WriteLine(in ReadOnlySequence<byte> line, bool isError) => Entries.Add((false, line.ToArray()));

        public override void WritePiece(in ReadOnlySequence<byte> piece, bool isError) => Entries.Add((true, piece.ToArray()));
    }
}
