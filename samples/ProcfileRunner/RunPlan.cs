using System.Globalization;
using Supervision;

namespace ProcfileRunner;

/// <summary>
/// The command line checked against the Procfile before any host is built, so that a bad argument is reported as
/// that argument (<c>-t/--timeout</c>, <c>TYPE</c>) rather than as the configuration key it becomes; then turned
/// into configuration: the runner's defaults below the environment's <c>Supervision__*</c> variables, the
/// arguments given above them.
/// </summary>
internal sealed class RunPlan
{
    private RunPlan(Procfile procfile) => Procfile = procfile;

    public Procfile Procfile { get; }

    public IReadOnlyList<string> Types => [.. Procfile.Entries.Select(static e => e.Name)];

    /// <summary>The runner's defaults: Foreman's 5 s stop timeout, prefixed output, restart on failure.</summary>
    public Dictionary<string, string?> Defaults { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What the command line set, above every other source.</summary>
    public Dictionary<string, string?> Arguments { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Checks <paramref name="settings"/>; <see langword="null"/> with every problem in <paramref name="errors"/>, one line each.</summary>
    public static RunPlan? Create(RunSettings settings, List<string> errors)
    {
        Procfile? procfile = null;
        try
        {
            procfile = Procfile.Read(settings.Procfile);
        }
        catch (IOException exception)
        {
            errors.Add($"-f/--procfile: {exception.Message}");
        }
        catch (FormatException exception)
        {
            errors.AddRange(exception.Message.Split('\n'));
        }

        if (settings.EnvFile is { } envFile && !File.Exists(envFile))
        {
            errors.Add(Directory.Exists(envFile) ? $"-e/--env: {envFile} is a directory, not an env file." : $"-e/--env: {envFile}: no such file.");
        }

        if (settings.Restart is { } policy && policy is not ("always" or "on-failure" or "never"))
        {
            errors.Add($"--restart: must be always, on-failure or never, was '{policy}'.");
        }

        int? timeout = Seconds(settings.TimeoutSeconds, "-t/--timeout", errors);
        int? maxRestarts = null;
        if (settings.MaxRestarts is { } max)
        {
            if (int.TryParse(max, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= -1)
            {
                maxRestarts = value;
            }
            else
            {
                errors.Add($"--max-restarts: must be -1 (never give up) or a whole number 0 or more, was '{max}'.");
            }
        }

        int? window = Seconds(settings.RestartWindowSeconds, "--restart-window", errors);
        int? portBase = null;
        if (settings.PortBase is { } port)
        {
            if (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value is >= 1 and <= RunnerLimits.MaxPort)
            {
                portBase = value;
            }
            else
            {
                errors.Add($"-p/--port: must be a port from 1 to {RunnerLimits.MaxPort}, was '{port}'.");
            }
        }

        if (procfile is null)
        {
            return null;
        }

        var plan = new RunPlan(procfile);
        IReadOnlyList<string> types = plan.Types;
        if (settings.OnlyType is { } only && !types.Contains(only, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"TYPE: unknown process type '{only}' (the Procfile has: {string.Join(", ", types)}).");
        }

        Dictionary<string, int>? counts = settings.Formation is { } formation ? ForemanFormation.Expand(formation, types, "-m/--formation", errors) : null;
        if (portBase is { } firstPort)
        {
            // Foreman's rule: base + 100 × type index + instance − 1; every PORT handed out must be a port.
            for (int i = 0; i < types.Count; i++)
            {
                int count = counts?[types[i]] ?? 1;
                long highest = firstPort + ((long)RunnerLimits.PortStepPerType * i) + Math.Max(count, 1) - 1;
                if (highest > RunnerLimits.MaxPort)
                {
                    errors.Add($"-p/--port: {types[i]}.{Math.Max(count, 1)} would get PORT {highest}, above {RunnerLimits.MaxPort}; use a lower base port, was '{firstPort}'.");
                    break;
                }
            }
        }

        if (errors.Count > 0)
        {
            return null;
        }

        string restart = settings.Restart switch
        {
            "always" => nameof(RestartPolicy.Always),
            "never" => nameof(RestartPolicy.Never),
            _ => nameof(RestartPolicy.OnFailure),
        };
        // Foreman's "one exits, all stop": every type significant, and the first to end ends the formation.
        bool oneExitsAllStop = settings.Restart == "never";
        foreach (string type in types)
        {
            string key = $"Supervision:ProcessTypes:{type}:";
            plan.Defaults[key + "Restart"] = nameof(RestartPolicy.OnFailure);
            plan.Defaults[key + "Output"] = nameof(ChildOutputMode.Prefix);
            plan.Defaults[key + "StopTimeout"] = Duration(5);
            if (settings.Restart is not null)
            {
                plan.Arguments[key + "Restart"] = restart;
            }

            if (oneExitsAllStop)
            {
                plan.Arguments[key + "Significant"] = "true";
            }

            if (timeout is { } seconds)
            {
                plan.Arguments[key + "StopTimeout"] = Duration(seconds);
            }
        }

        plan.Defaults["Supervision:PortBase"] = RunnerLimits.DefaultPortBase.ToString(CultureInfo.InvariantCulture);

        // Foreman signals every process at once and gives them -t in all.
        plan.Defaults["Supervision:StopOrder"] = nameof(StopOrder.AllAtOnce);
        if (oneExitsAllStop)
        {
            plan.Arguments["Supervision:AutoShutdown"] = nameof(AutoShutdown.AnySignificant);
        }

        Set(plan.Arguments, "Supervision:PortBase", portBase?.ToString(CultureInfo.InvariantCulture));
        Set(plan.Arguments, "Supervision:Only", settings.OnlyType);
        Set(plan.Arguments, "Supervision:Formation", counts is null ? null : ForemanFormation.Format(counts));
        Set(plan.Arguments, "Supervision:MaxRestarts", maxRestarts?.ToString(CultureInfo.InvariantCulture));
        Set(plan.Arguments, "Supervision:RestartWindow", window is { } w ? Duration(w) : null);
        return plan;
    }

    private static int? Seconds(string? text, string argument, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds is >= 1 and <= RunnerLimits.MaxSeconds)
        {
            return seconds;
        }

        errors.Add($"{argument}: must be a whole number of seconds from 1 to {RunnerLimits.MaxSeconds} (one day), was '{text}'.");
        return null;
    }

    private static string Duration(int seconds) => TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture);

    private static void Set(Dictionary<string, string?> configuration, string key, string? value)
    {
        if (value is not null)
        {
            configuration[key] = value;
        }
    }
}
