using System.Text;

namespace Supervision.Extensions.Health;

/// <summary>
/// How much of the formation is ready, read from a status snapshot: per type, instances ready out of those asked for,
/// in the words of a systemd status line (<c>web 2/2 ready, worker 4/4</c>).
/// </summary>
internal static class FormationReadiness
{
    /// <summary>
    /// Whether the tree runs and every type that should have an instance up has one ready; an instance that ended by
    /// its policy (Exited, Failed) is not waited for.
    /// </summary>
    public static bool IsReady(SupervisorStatus status) =>
        status.State == SupervisorState.Running && status.ProcessTypes.All(static type =>
            type.Instances.Count == 0 || ReadyCount(type) > 0 || type.Instances.All(static i => i.State is InstanceState.Exited or InstanceState.Failed));

    /// <summary>How many of the type's instances are ready (<see cref="InstanceState.Running"/>).</summary>
    public static int ReadyCount(ProcessTypeStatus type) => type.Instances.Count(static i => i.State == InstanceState.Running);

    /// <summary>One line: each type with its ready and asked-for counts; "ready" after the first only.</summary>
    public static string Describe(SupervisorStatus status)
    {
        var text = new StringBuilder();
        foreach (ProcessTypeStatus type in status.ProcessTypes)
        {
            bool first = text.Length == 0;
            text.Append(first ? "" : ", ").Append(type.Name).Append(' ')
                .Append(ReadyCount(type)).Append('/').Append(type.Count)
                .Append(first ? " ready" : "");
        }

        return text.Length == 0 ? "no process types" : text.ToString();
    }
}
