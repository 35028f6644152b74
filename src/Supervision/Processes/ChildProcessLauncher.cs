using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.Logging;
using System.Runtime.Versioning;

namespace Supervision;

/// <summary>
/// Starts the instances of a child process type: no shell, each in a session and process group of its own
/// (<c>posix_spawn</c> with <c>POSIX_SPAWN_SETSID</c>), with the host's environment plus the configured variables,
/// <c>PORT</c> and <c>PS</c>, and the run's <see cref="RunTag"/>. The variables through which systemd talks to the host itself (<see cref="HostOnlyVariables"/>)
/// are not inherited: a child that found them would notify, or take sockets, in the host's name. Set explicitly in the
/// type's <see cref="ProcessTypeOptions.Environment"/>, they pass: that is a deliberate choice of whoever configured it.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ChildProcessLauncher : ProcessLauncher
{
    private readonly ProcessTypeOptions _options;
    private readonly int _stopSignal;
    private readonly ILogger _logger;
    private readonly PrefixConsole _console;
    private readonly string _colour;
    private readonly TimeProvider _time;

    // One warning per host, not one per start: the first type that writes to stdout tells.
    private static int _droppedOutputReported;

    /// <summary>
    /// The systemd protocol variables addressed to the host: <c>sd_notify</c> (readiness, watchdog) and socket
    /// activation. They name the host's pid or sockets, so a child inheriting them would speak for the host.
    /// </summary>
    internal static readonly string[] HostOnlyVariables = ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"];

    // The host's environment with the configured variables over it, merged once per type rather than once per start.
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public ChildProcessLauncher(ProcessTypeOptions options, int typeIndex, ILogger logger, PrefixConsole console, TimeProvider time)
    {
        _options = options;
        _stopSignal = SignalName.TryParse(options.StopSignal, out int signal) ? signal : Signals.SIGTERM;
        _logger = logger;
        _console = console;
        _colour = console.ColourFor(typeIndex);
        _time = time;
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            _environment[(string)variable.Key] = (string?)variable.Value ?? string.Empty;
        }

        foreach (string name in HostOnlyVariables)
        {
            _environment.Remove(name);
        }

        // A host that is itself a child of another host carries that host's mark; its children get marks of their own.
        _environment.Remove(RunTag.Variable);

        foreach ((string key, string value) in options.Environment)
        {
            _environment[key] = value;
        }
    }

    public override RunningProcess Start(in RunStart start)
    {
        string directory = CommandResolver.ResolveWorkingDirectory(_options.WorkingDirectory, Environment.CurrentDirectory);
        var environment = new Dictionary<string, string>(_environment, StringComparer.Ordinal);
        if (start.Port is int port)
        {
            environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        }

        environment["PS"] = start.Name;
        RunTag tag = RunTag.Next();
        environment[RunTag.Variable] = tag.Value;
        string executable = CommandResolver.Resolve(_options.Command, environment.GetValueOrDefault("PATH"), directory);
        ChildOutputMode output = _options.Output;
        SpawnedProcess process;
        try
        {
            // Before the first spawn: from then on, whatever a run leaves orphaned comes back to the host.
            if (OperatingSystem.IsLinux() && Subreaper.Enable())
            {
                UnclaimedZombies.Watch();
            }

            process = SpawnedProcess.Start(executable, [.. _options.Arguments], environment, directory, redirectOutput: output != ChildOutputMode.Inherit, nullOutput: !HostStandardStreams.OutputUsable, nullError: !HostStandardStreams.ErrorUsable);
            HostWatchdog.Watch(process.Pid);
        }
        catch (Win32Exception exception)
        {
            throw new ChildProcessStartException($"The command '{_options.Command}' ({executable}) could not be started: {exception.Message}", exception);
        }

        if (output != ChildOutputMode.Log && !HostStandardStreams.OutputUsable && Interlocked.Exchange(ref _droppedOutputReported, 1) == 0)
        {
            Log.OutputDropped(_logger, start.TypeName, output);
        }

        OutputSink? sink = output switch
        {
            ChildOutputMode.Log => new LogOutputSink(_logger, start.Name),
            ChildOutputMode.Prefix => new PrefixOutputSink(_console, start.Name, _colour),
            _ => null,
        };
        if (output == ChildOutputMode.Prefix)
        {
            _console.Register(start.Name);
        }

        return new ChildProcessRun(process, tag, sink, _logger, _stopSignal, _time, start);
    }
}
