using System.Buffers;
using System.Runtime.Versioning;

namespace Supervision.Processes.Output;

/// <summary>Where the lines of one run of a child process go.</summary>
[SupportedOSPlatform("linux")]
internal abstract class OutputSink
{
    /// <summary>
    /// The longest line passed on whole, in bytes: a longer one comes in pieces of at most this size (cut between UTF-8
    /// characters), so one endless line never has to be held, however long it runs.
    /// </summary>
    public virtual int MaxLineLength => 1024 * 1024;

    /// <summary>Takes one line, without its newline. Blocking here slows the child down through the pipe: nothing is dropped.</summary>
    public abstract void WriteLine(in ReadOnlySequence<byte> line, bool isError);

    /// <summary>Takes a piece of a line longer than <see cref="MaxLineLength"/>, one that the line goes on after.</summary>
    public virtual void WritePiece(in ReadOnlySequence<byte> piece, bool isError) => WriteLine(piece, isError);

    /// <summary>Called when the pump has no more lines at hand, so buffered lines go out.</summary>
    public virtual void Flush()
    {
    }
}
