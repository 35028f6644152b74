using System.Globalization;
using Microsoft.Extensions.Options;
using Supervision.Extensions.Formations;
using Supervision.Extensions.Registration;

namespace Supervision.Extensions.Configuration;

/// <summary>
/// Checks the merged options at start; every problem is one message naming the configuration key and the value.
/// </summary>
internal sealed class SupervisionOptionsValidator(SupervisionRegistry registry) : IValidateOptions<SupervisionOptions>
{
    private const string Section = SupervisionHostingDefaults.SectionName;

    public ValidateOptionsResult Validate(string? name, SupervisionOptions options)
    {
        // What the configuration check found before binding comes first: the keys as written.
        var failures = new List<string>(options.ConfigurationFailures);
        Dictionary<string, ProcessTypeRegistration> registered = registry.Types.ToDictionary(static t => t.Name, StringComparer.OrdinalIgnoreCase);
        HashSet<string> types = new(registry.Types.Select(static t => t.Name).Concat(FormationWalker.ConfiguredOnly(registry, options)), StringComparer.OrdinalIgnoreCase);
        HashSet<string> groups = new(registry.Groups.Select(static g => g.Name), StringComparer.OrdinalIgnoreCase);
        string known = types.Count == 0 ? "none is registered" : "known: " + string.Join(", ", types);

        ValidateGroup(Section, options, failures);
        foreach ((string groupName, ProcessGroupOptions group) in options.Groups)
        {
            string key = $"{Section}:Groups:{groupName}";
            if (!groups.Contains(groupName))
            {
                failures.Add($"{key}: no process group named '{groupName}' is declared.");
            }

            ValidateGroup(key, group, failures);
        }

        foreach ((string typeName, ProcessTypeOptions type) in options.ProcessTypes)
        {
            string key = $"{Section}:ProcessTypes:{typeName}";
            if (!types.Contains(typeName))
            {
                failures.Add($"{key}: no process type named '{typeName}' is registered, and it has no Command to run it as a child process ({known}).");
            }
            else if (registered.TryGetValue(typeName, out ProcessTypeRegistration? registration) && !registration.IsChildProcess && type.Command is not null)
            {
                failures.Add($"{key}:Command: '{typeName}' is an in-process type; it cannot have a Command, was '{type.Command}'.");
            }
            else if (type.Command is not null)
            {
                ValidateChildProcess(key, type, failures);
            }

            ValidateType(key, type, failures);
            LifecycleCheck.CheckType(key, type, failures);
        }

        var formationErrors = new List<string>();
        Formation formation = Formation.Parse(options.Formation, formationErrors);
        foreach (string error in formationErrors)
        {
            failures.Add($"{Section}:Formation: {error}.");
        }

        foreach ((string typeName, int count) in formation.Counts)
        {
            if (!types.Contains(typeName) && !string.Equals(typeName, Formation.All, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{Section}:Formation: unknown process type '{typeName}' ({known}).");
            }
            else if (count > SupervisionHostingDefaults.MaxCount)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:Formation: the count of '{typeName}' must be from 0 to {SupervisionHostingDefaults.MaxCount}, was '{options.Formation}'."));
            }
        }

        if (options.PortBase is < 1 or > 65535)
        {
            failures.Add(Invalid(Section, "PortBase", options.PortBase, "must be a port from 1 to 65535"));
        }
        else if (formationErrors.Count == 0)
        {
            PortRangeCheck.Check(registry, options, failures);
        }

        foreach (string typeName in ProcessDefinitions.ParseOnly(options.Only) ?? [])
        {
            if (!types.Contains(typeName))
            {
                failures.Add($"{options.OnlyKey ?? Section + ":Only"}: unknown process type '{typeName}' ({known}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateGroup(string key, ProcessGroupOptions group, List<string> failures)
    {
        if (group.MaxRestarts < -1)
        {
            failures.Add(Invalid(key, "MaxRestarts", group.MaxRestarts, "must be -1 (never give up) or more"));
        }

        CheckDuration(key, "RestartWindow", group.RestartWindow, TimeSpan.Zero, failures);

        if (!Enum.IsDefined(group.Strategy))
        {
            failures.Add(Invalid(key, "Strategy", group.Strategy, "must be OneForOne, OneForAll or RestForOne"));
        }

        if (!Enum.IsDefined(group.StopOrder))
        {
            failures.Add(Invalid(key, "StopOrder", group.StopOrder, "must be Reverse or AllAtOnce"));
        }

        LifecycleCheck.CheckGroup(key, group, failures);
    }

    private static void ValidateType(string key, ProcessTypeOptions type, List<string> failures)
    {
        if (type.Count < 0)
        {
            failures.Add(Invalid(key, "Count", type.Count, "must be 0 or more"));
        }
        else if (type.Count > SupervisionHostingDefaults.MaxCount)
        {
            failures.Add(Invalid(key, "Count", type.Count, $"must be at most {SupervisionHostingDefaults.MaxCount}"));
        }

        if (!Enum.IsDefined(type.Restart))
        {
            failures.Add(Invalid(key, "Restart", type.Restart, "must be Always, OnFailure or Never"));
        }

        CheckDuration(key, "StopTimeout", type.StopTimeout, TimeSpan.Zero, failures);
        if (!Enum.IsDefined(type.Output))
        {
            failures.Add(Invalid(key, "Output", type.Output, "must be Log, Prefix or Inherit"));
        }

        if (type.RecentOutputLines is < 0 or > SupervisionHostingDefaults.MaxRecentOutputLines)
        {
            failures.Add(Invalid(key, "RecentOutputLines", type.RecentOutputLines, $"must be from 0 (keep none) to {SupervisionHostingDefaults.MaxRecentOutputLines}"));
        }

        foreach ((string variable, string value) in type.Environment)
        {
            if (variable.Length == 0 || variable.Contains('=', StringComparison.Ordinal) || variable.Any(char.IsControl))
            {
                failures.Add($"{key}:Environment: '{ConfigurationCheck.Printable(variable)}' is not an environment variable name (no '=', no control characters).");
            }
            else if (value.Contains('\0', StringComparison.Ordinal))
            {
                failures.Add($"{key}:Environment:{variable}: an environment variable cannot hold a NUL character, was '{ConfigurationCheck.Printable(value)}'.");
            }
        }

        if (type.Port is < 1 or > 65535)
        {
            failures.Add(Invalid(key, "Port", type.Port, "must be between 1 and 65535"));
        }

        BackoffOptions backoff = type.Backoff;
        string backoffKey = key + ":Backoff";
        if (backoff.Initial < TimeSpan.Zero)
        {
            failures.Add(Invalid(backoffKey, "Initial", backoff.Initial, "must be 0 or more"));
        }

        if (backoff.Max < backoff.Initial)
        {
            failures.Add(Invalid(backoffKey, "Max", backoff.Max, $"must be at least Initial ({backoff.Initial.ToString("c", CultureInfo.InvariantCulture)})"));
        }
        else if (backoff.Max > SupervisionHostingDefaults.MaxDuration)
        {
            failures.Add(Invalid(backoffKey, "Max", backoff.Max, TooLong));
        }

        if (!(backoff.Multiplier >= 1) || double.IsInfinity(backoff.Multiplier))
        {
            failures.Add(Invalid(backoffKey, "Multiplier", backoff.Multiplier, "must be 1 or more"));
        }

        if (!(backoff.Jitter is >= 0 and <= 1))
        {
            failures.Add(Invalid(backoffKey, "Jitter", backoff.Jitter, "must be between 0 and 1"));
        }

        CheckDuration(backoffKey, "ResetAfter", backoff.ResetAfter, TimeSpan.Zero, failures);

        ReadinessOptions readiness = type.Readiness;
        string readinessKey = key + ":Readiness";
        if (!Enum.IsDefined(readiness.Probe))
        {
            failures.Add(Invalid(readinessKey, "Probe", readiness.Probe, "must be None, Signal, Tcp, Completed, Http or Output"));
        }
        else if (readiness.Probe is ReadinessProbe.Tcp or ReadinessProbe.Http && type.Port is null && type.Command is null)
        {
            failures.Add(Invalid(readinessKey, "Probe", readiness.Probe, "needs the type's Port, the port the probe connects to"));
        }
        else if (readiness.Probe == ReadinessProbe.Output)
        {
            CheckOutputProbe(readinessKey, type, failures);
        }

        if (readiness.Probe == ReadinessProbe.Http)
        {
            CheckPath(readinessKey, readiness.Path, failures);
        }

        CheckDuration(readinessKey, "Timeout", readiness.Timeout, TimeSpan.Zero, failures);
        CheckDuration(readinessKey, "Interval", readiness.Interval, TimeSpan.Zero, failures);
        if (readiness.MinReady < TimeSpan.Zero)
        {
            failures.Add(Invalid(readinessKey, "MinReady", readiness.MinReady, "must be 0 or more"));
        }
        else if (readiness.MinReady > SupervisionHostingDefaults.MaxDuration)
        {
            failures.Add(Invalid(readinessKey, "MinReady", readiness.MinReady, TooLong));
        }

        LivenessOptions liveness = type.Liveness;
        string livenessKey = key + ":Liveness";
        if (!Enum.IsDefined(liveness.Probe))
        {
            failures.Add(Invalid(livenessKey, "Probe", liveness.Probe, "must be None, Heartbeat, Tcp or Http"));
        }
        else if (liveness.Probe is LivenessProbe.Tcp or LivenessProbe.Http && type.Port is null && type.Command is null)
        {
            failures.Add(Invalid(livenessKey, "Probe", liveness.Probe, "needs the type's Port, the port the probe connects to"));
        }

        if (liveness.Probe == LivenessProbe.Http)
        {
            CheckPath(livenessKey, liveness.Path, failures);
        }

        if (liveness.FailureThreshold < 1)
        {
            failures.Add(Invalid(livenessKey, "FailureThreshold", liveness.FailureThreshold, "must be 1 or more"));
        }

        CheckDuration(livenessKey, "Timeout", liveness.Timeout, TimeSpan.Zero, failures);
        CheckDuration(livenessKey, "Interval", liveness.Interval, TimeSpan.Zero, failures);
    }

    /// <summary>An Output probe reads the lines of a child process: it needs them piped, and a pattern that parses.</summary>
    private static void CheckOutputProbe(string key, ProcessTypeOptions type, List<string> failures)
    {
        if (type.Command is null)
        {
            failures.Add(Invalid(key, "Probe", ReadinessProbe.Output, "needs a child process type (a Command), whose output lines it reads"));
            return;
        }
        else if (type.Output == ChildOutputMode.Inherit)
        {
            failures.Add(Invalid(key, "Probe", ReadinessProbe.Output, "needs the type's Output to be Log or Prefix: with Inherit the host never sees the lines"));
        }

        if (string.IsNullOrEmpty(type.Readiness.Pattern))
        {
            failures.Add(Invalid(key, "Pattern", type.Readiness.Pattern, "must be set for the Output probe: the regular expression a ready line matches"));
            return;
        }

        try
        {
            _ = new System.Text.RegularExpressions.Regex(type.Readiness.Pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException exception)
        {
            failures.Add(Invalid(key, "Pattern", ConfigurationCheck.Printable(type.Readiness.Pattern), $"must be a valid .NET regular expression ({exception.Message})"));
        }
    }

    /// <summary>The path of an HTTP probe goes into a request line as it is.</summary>
    private static void CheckPath(string key, string? path, List<string> failures)
    {
        if (path is null || !path.StartsWith('/') || path.Any(c => c is ' ' or > '~' || char.IsControl(c)))
        {
            failures.Add(Invalid(key, "Path", path is null ? null : ConfigurationCheck.Printable(path), "must start with '/' and hold no spaces, control or non-ASCII characters"));
        }
    }

    private static string TooLong => $"must be at most {SupervisionHostingDefaults.MaxDuration.ToString("c", CultureInfo.InvariantCulture)} (one day)";

    /// <summary>A duration above <paramref name="above"/> and at most a day: longer ones overflow timers and waits.</summary>
    private static void CheckDuration(string key, string property, TimeSpan value, TimeSpan above, List<string> failures)
    {
        if (value <= above)
        {
            failures.Add(Invalid(key, property, value, "must be positive"));
        }
        else if (value > SupervisionHostingDefaults.MaxDuration)
        {
            failures.Add(Invalid(key, property, value, TooLong));
        }
    }

    private static void ValidateChildProcess(string key, ProcessTypeOptions type, List<string> failures)
    {
        if (!OperatingSystem.IsLinux())
        {
            failures.Add($"{key}: a child process type needs Linux, and this host runs on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; in-process types run anywhere.");
            return;
        }

        if (!SignalName.TryParse(type.StopSignal, out _))
        {
            failures.Add(Invalid(key, "StopSignal", type.StopSignal, "must be a signal name such as SIGTERM, TERM or INT, or its number"));
        }

        string command = type.Command!;
        if (command.Any(char.IsControl))
        {
            failures.Add(Invalid(key, "Command", ConfigurationCheck.Printable(command), "must not hold control characters"));
            return;
        }

        if (type.WorkingDirectory is { } workingDirectory && workingDirectory.Any(char.IsControl))
        {
            failures.Add(Invalid(key, "WorkingDirectory", ConfigurationCheck.Printable(workingDirectory), "must not hold control characters"));
            return;
        }

        string directory;
        try
        {
            directory = CommandResolver.ResolveWorkingDirectory(type.WorkingDirectory, Environment.CurrentDirectory);
        }
        catch (ChildProcessStartException exception)
        {
            failures.Add($"{key}:WorkingDirectory: {exception.Message}");
            return;
        }

        try
        {
            string? path = type.Environment.TryGetValue("PATH", out string? configured) ? configured : Environment.GetEnvironmentVariable("PATH");
            if (command.Contains('/', StringComparison.Ordinal) && Directory.Exists(Path.GetFullPath(command, directory)))
            {
                failures.Add($"{key}:Command: '{command}' ({Path.GetFullPath(command, directory)}) is a directory, not a program.");
                return;
            }

            CommandResolver.Resolve(command, path, directory);
        }
        catch (ChildProcessStartException exception)
        {
            failures.Add($"{key}:Command: {exception.Message}");
        }
    }

    internal static string Invalid(string key, string property, object? value, string rule) =>
        string.Create(CultureInfo.InvariantCulture, $"{key}:{property}: {rule}, was '{(value is TimeSpan span ? span.ToString("c", CultureInfo.InvariantCulture) : value)}'.");
}
