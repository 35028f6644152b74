namespace Supervision;

/// <summary>Finds the executable a command names, as execvp would, so that a bad command fails with a clear message.</summary>
internal static class CommandResolver
{
    /// <summary>Resolves <paramref name="command"/> to an absolute path of an executable file.</summary>
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
