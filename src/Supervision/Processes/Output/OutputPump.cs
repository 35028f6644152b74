using System.Buffers;
using System.IO.Pipelines;

namespace Supervision;

/// <summary>
/// Reads one output pipe of a child and hands it to a sink line by line, as bytes: no string per line unless the
/// sink makes one. Memory is bounded: the pipe reader holds at most one unfinished line, cut at <see cref="MaxLineLength"/>.
/// </summary>
internal static class OutputPump
{
    /// <summary>A longer line is passed on in pieces of this size rather than buffered without limit.</summary>
    public const int MaxLineLength = 1024 * 1024;

    public static async Task RunAsync(Stream stream, OutputSink sink, bool isError)
    {
        PipeReader reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                while (TryReadLine(ref buffer, out ReadOnlySequence<byte> line))
                {
                    sink.WriteLine(line, isError);
                }

                while (buffer.Length >= MaxLineLength)
                {
                    sink.WriteLine(buffer.Slice(0, MaxLineLength), isError);
                    buffer = buffer.Slice(MaxLineLength);
                }

                if (result.IsCompleted)
                {
                    // The partial last line of a child that exited without a newline.
                    if (!buffer.IsEmpty)
                    {
                        sink.WriteLine(buffer, isError);
                    }

                    break;
                }

                sink.Flush();
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            sink.Flush();
            await reader.CompleteAsync().ConfigureAwait(false);
        }
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
