namespace Supervision;

/// <summary>
/// Finds the executable a child process type's <see cref="ProcessTypeOptions.Command"/> names, as <c>execvp</c>
/// would, so that a bad command fails with a clear message (at validation, or when an instance starts).
/// </summary>
public static class CommandResolver
{
    /// <summary>Resolves <paramref name="command"/> to an absolute path of an executable file.</summary>
    /// <param name="command">A path (containing <c>/</c>, relative to <paramref name="workingDirectory"/>) or a name looked up on <paramref name="path"/>.</param>
    /// <param name="path">The <c>PATH</c> the command is looked up on.</param>
    /// <param name="workingDirectory">The directory a relative path starts from.</param>
    /// <returns>The absolute path of the executable.</returns>
    /// <exception cref="ChildProcessStartException">The command is empty, missing or not executable.</exception>
    public static string Resolve(string? command, string? path, string workingDirectory)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            throw new ChildProcessStartException("The command is empty.");
        }

        if (command.Contains('/', StringComparison.Ordinal))
        {
            string full = Path.GetFullPath(command, workingDirectory);
            return IsExecutable(full) ? full : throw new ChildProcessStartException(Describe(command, full));
        }

        foreach (string dir in (path ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(Path.GetFullPath(dir, workingDirectory), command);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        throw new ChildProcessStartException($"The command '{command}' was not found on PATH ({path}).");
    }

    /// <summary>Resolves a child's working directory against <paramref name="baseDirectory"/>.</summary>
    /// <param name="workingDirectory">The configured directory; the base directory itself when empty.</param>
    /// <param name="baseDirectory">The directory a relative one starts from.</param>
    /// <returns>The absolute path of the directory.</returns>
    /// <exception cref="ChildProcessStartException">The directory does not exist.</exception>
    public static string ResolveWorkingDirectory(string? workingDirectory, string baseDirectory)
    {
        string full = Path.GetFullPath(string.IsNullOrEmpty(workingDirectory) ? "." : workingDirectory, baseDirectory);
        return Directory.Exists(full) ? full : throw new ChildProcessStartException($"The working directory '{workingDirectory}' ({full}) does not exist.");
    }

    private static string Describe(string command, string full) =>
        !File.Exists(full)
            ? $"The command '{command}' does not exist ({full})."
            : $"The command '{command}' is not executable ({full}).";

    private static bool IsExecutable(string file) =>
        File.Exists(file) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
