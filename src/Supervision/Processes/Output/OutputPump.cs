using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.Versioning;

namespace Supervision.Processes.Output;

/// <summary>
/// Reads one output pipe of a child and hands it to a sink line by line, as bytes: no string per line unless the
/// sink makes one. Memory is bounded: the pipe reader holds at most one unfinished line, cut at the sink's
/// <see cref="OutputSink.MaxLineLength"/>. The instance's <see cref="RecentOutput"/>, when it keeps one, gets the lines
/// too, a batch at a time.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class OutputPump
{
    public static async Task RunAsync(Stream stream, OutputSink sink, bool isError, RecentOutput? recentOutput = null)
    {
        int maxLineLength = sink.MaxLineLength;
        RecentOutput.Writer? recent = null;
        PipeReader reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;

                // Made with the first output: a run that writes nothing (a crash at start) costs nothing.
                if (recent is null && recentOutput is not null && !buffer.IsEmpty)
                {
                    recent = recentOutput.CreateWriter(isError);
                }

                while (TryReadLine(ref buffer, out ReadOnlySequence<byte> line))
                {
                    line = WritePieces(sink, recent, line, maxLineLength, isError);
                    sink.WriteLine(line, isError);
                    recent?.Line(line);
                }

                // An unfinished line goes in pieces as soon as it is long enough, and is not held any longer.
                buffer = WritePieces(sink, recent, buffer, maxLineLength, isError);

                if (result.IsCompleted)
                {
                    // The partial last line of a child that exited without a newline.
                    if (!buffer.IsEmpty)
                    {
                        ReadOnlySequence<byte> last = WritePieces(sink, recent, buffer, maxLineLength, isError);
                        sink.WriteLine(last, isError);
                        recent?.Line(last, ended: false);
                    }

                    recent?.Commit(result.Buffer);
                    break;
                }

                sink.Flush();

                // The recent lines are found in what the batch consumed: before the buffer is advanced past it.
                recent?.Commit(result.Buffer.Slice(result.Buffer.Start, buffer.Start));
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            sink.Flush();
            recent?.Dispose();
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Passes on the pieces of <paramref name="text"/> a line goes on after, while it is longer than the limit; returns the rest.</summary>
    private static ReadOnlySequence<byte> WritePieces(OutputSink sink, RecentOutput.Writer? recent, ReadOnlySequence<byte> text, int maxLineLength, bool isError)
    {
        while (text.Length > maxLineLength)
        {
            ReadOnlySequence<byte> piece = text.Slice(0, CharacterBoundary(text, maxLineLength));
            sink.WritePiece(piece, isError);
            recent?.Piece(piece);
            text = text.Slice(piece.End);
        }

        return text;
    }

    /// <summary>
    /// Where to cut <paramref name="buffer"/> at most <paramref name="length"/> bytes in: before a UTF-8 character that
    /// would straddle the cut, so each piece decodes on its own (bytes that are not UTF-8 are cut anywhere).
    /// </summary>
    private static int CharacterBoundary(in ReadOnlySequence<byte> buffer, int length)
    {
        // A character is at most 4 bytes: look at the 3 bytes before the cut and the one at it.
        Span<byte> around = stackalloc byte[4];
        buffer.Slice(length - 3, 4).CopyTo(around);
        for (int back = 0; back < 4; back++)
        {
            byte b = around[3 - back];
            if ((b & 0xC0) != 0x80)
            {
                // A lead byte (or ASCII) at the cut or before it: cut before it unless the character ends before the cut.
                int size = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return back == 0 || size <= back ? length : length - back;
            }
        }

        return length;
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        // Most lines end within the first segment: a span search there is the fast path.
        int index = buffer.FirstSpan.IndexOf((byte)'\n');
        if (index >= 0)
        {
            line = buffer.Slice(0, index);
            buffer = buffer.Slice(index + 1);
            return true;
        }

        SequencePosition? newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, newline.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        return true;
    }
}
