namespace Supervision.Benchmarks;

/// <summary>
/// A write-only sink for the Prefix console that keeps nothing and counts lines (newline bytes), completing
/// <see cref="Reached"/> at the expected count: the cheapest output that still sees every byte.
/// </summary>
internal sealed class NewlineCountingStream(long expected) : Stream
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lines;

    public long Lines => Interlocked.Read(ref _lines);

    public Task Reached => _reached.Task;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        // The Prefix console writes under its own lock, one buffer at a time; Interlocked only for the reader.
        int lines = buffer.Count((byte)'\n');
        long after = Interlocked.Add(ref _lines, lines);
        if (after >= expected && after - lines < expected)
        {
            _reached.TrySetResult();
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
