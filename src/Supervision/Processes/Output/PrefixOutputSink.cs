using System.Buffers;

namespace Supervision;

/// <summary>The lines of one child instance, stdout and stderr alike, to the shared <see cref="PrefixConsole"/>.</summary>
internal sealed class PrefixOutputSink(PrefixConsole console, string name, string colour) : OutputSink
{
    public override void WriteLine(in ReadOnlySequence<byte> line, bool isError) => console.WriteLine(name, colour, line);

    public override void Flush() => console.Flush();
}
