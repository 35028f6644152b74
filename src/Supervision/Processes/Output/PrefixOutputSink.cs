using System.Buffers;
using System.Runtime.Versioning;

namespace Supervision.Processes.Output;

/// <summary>The lines of one child instance, stdout and stderr alike, to the shared <see cref="PrefixConsole"/>.</summary>
[SupportedOSPlatform("linux")]
internal sealed class PrefixOutputSink(PrefixConsole console, string name, string colour) : OutputSink
{
    public override void WriteLine(in ReadOnlySequence<byte> line, bool isError) => console.WriteLine(name, colour, line);

    public override void Flush() => console.Flush();
}
