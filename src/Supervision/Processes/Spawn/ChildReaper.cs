using System.Runtime.Versioning;

namespace Supervision.Processes.Spawn;

/// <summary>
/// Waits for spawned children to exit and reaps them, so that the exact wait status (exit code or signal) is known
/// and no zombie remains. Only the children handed to it are waited for, never with <c>waitpid(-1)</c>: the host may
/// start processes of its own through <see cref="System.Diagnostics.Process"/>, and those are the runtime's to reap.
/// </summary>
[SupportedOSPlatform("linux")]
internal abstract class ChildReaper
{
    private static readonly Lazy<ChildReaper> Default = new(static () => (ChildReaper?)PidfdReaper.TryCreate() ?? ThreadPerChildReaper.Instance);

    /// <summary>One thread for every child through pidfds where the kernel allows it (Linux 5.3, glibc 2.36), else a thread per child.</summary>
    public static ChildReaper Shared => Default.Value;

    /// <summary>Reaps <paramref name="process"/> once it exits, then completes its <see cref="SpawnedProcess.WaitStatus"/>.</summary>
    public abstract void Watch(SpawnedProcess process);
}
