namespace Supervision;

/// <summary>A supervisor exceeded its restart intensity: more than MaxRestarts restarts inside RestartWindow.</summary>
public sealed class SupervisionGaveUpException : Exception
{
    /// <summary>Creates the exception for the supervisor named <paramref name="supervisor"/>.</summary>
    /// <param name="supervisor">The group name, or an empty string for the root.</param>
    /// <param name="maxRestarts">The limit that was exceeded.</param>
    /// <param name="window">The sliding window of the limit.</param>
    public SupervisionGaveUpException(string supervisor, int maxRestarts, TimeSpan window)
        : base($"Supervisor '{(supervisor.Length == 0 ? "root" : supervisor)}' exceeded {maxRestarts} restarts in {window}.")
    {
        Supervisor = supervisor;
    }

    /// <summary>Gets the name of the supervisor that gave up; an empty string for the root.</summary>
    public string Supervisor { get; }
}
