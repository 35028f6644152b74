using System.ComponentModel;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Supervision.Processes.Notify;
using Supervision.Processes.Output;
using Supervision.Processes.Spawn;
using Supervision.Runs;
using Supervision.Telemetry;

namespace Supervision.Processes;

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

    // Only types that listen for READY=1 or WATCHDOG=1 get a NOTIFY_SOCKET: a program that finds one may act differently.
    private readonly bool _notify;

    // Only a type with an Output readiness probe looks at its lines: the others pay nothing per line.
    private readonly Regex? _readyLine;

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
        _notify = options.Readiness.Probe == ReadinessProbe.Signal || options.Liveness.Probe == LivenessProbe.Heartbeat;
        if (options.Readiness.Probe == ReadinessProbe.Output && options.Readiness.Pattern is { } pattern)
        {
            _readyLine = new Regex(pattern, RegexOptions.CultureInvariant, ReadyLineSink.MatchTimeout);
        }

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

        // Listening before the spawn: a leader may notify before its pid is known here, and is then found by its mark.
        NotifyRegistration? notify = null;
        if (_notify)
        {
            NotifySocket socket = NotifySocket.Shared;
            environment["NOTIFY_SOCKET"] = socket.Address;
            notify = socket.Register(tag, start.Channel, start.Generation);
        }

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
            notify?.SetLeader(process.Pid);
        }
        catch (Win32Exception exception)
        {
            notify?.Dispose();
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

        if (_readyLine is not null && sink is not null)
        {
            sink = new ReadyLineSink(sink, _readyLine, start.Channel, start.Generation);
        }

        return new ChildProcessRun(process, tag, sink, _logger, _stopSignal, _time, start, notify);
    }
}
