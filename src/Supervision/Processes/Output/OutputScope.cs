using System.Collections;
using System.Runtime.Versioning;

namespace Supervision.Processes.Output;

/// <summary>The logging scope of a child's output lines: which type, instance and pid wrote them.</summary>
[SupportedOSPlatform("linux")]
internal sealed class OutputScope(string type, int instance, string name, int pid) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 4;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("ProcessType", type),
        1 => new("Instance", instance),
        2 => new("Name", name),
        3 => new("Pid", pid),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{name} (pid {pid})";
}
