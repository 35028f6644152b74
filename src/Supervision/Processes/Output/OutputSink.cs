using System.Buffers;

namespace Supervision;

/// <summary>Where the lines of one run of a child process go.</summary>
internal abstract class OutputSink
{
    /// <summary>Takes one line, without its newline. Blocking here slows the child down through the pipe: nothing is dropped.</summary>
    public abstract void WriteLine(in ReadOnlySequence<byte> line, bool isError);

    /// <summary>Called when the pump has no more lines at hand, so buffered lines go out.</summary>
    public virtual void Flush()
    {
    }
}
