using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Supervision;

/// <summary>
/// Starts the instances of a child process type: no shell, each in a process group of its own (through
/// <c>setsid</c>, which makes the child a session and group leader and then execs the command, keeping its pid),
/// with the host's environment plus the configured variables, <c>PORT</c> and <c>PS</c>.
/// </summary>
internal sealed class ChildProcessLauncher : ProcessLauncher
{
    private static readonly Lazy<string> Setsid = new(() => CommandResolver.Resolve("setsid", Environment.GetEnvironmentVariable("PATH") + ":/usr/bin:/bin", "/"));

    private readonly ProcessTypeOptions _options;
    private readonly int _stopSignal;
    private readonly ILogger _logger;
    private readonly PrefixConsole _console;
    private readonly string _colour;
    private readonly TimeProvider _time;

    public ChildProcessLauncher(ProcessTypeOptions options, int typeIndex, ILogger logger, PrefixConsole console, TimeProvider time)
    {
        _options = options;
        _stopSignal = Signals.TryParse(options.StopSignal, out int signal) ? signal : Signals.SIGTERM;
        _logger = logger;
        _console = console;
        _colour = console.ColourFor(typeIndex);
        _time = time;
    }

    public override RunningProcess Start(InstanceChild instance, int generation)
    {
        string directory = CommandResolver.ResolveWorkingDirectory(_options.WorkingDirectory, Environment.CurrentDirectory);
        ChildOutputMode output = _options.Output;
        var start = new ProcessStartInfo(Setsid.Value)
        {
            UseShellExecute = false,
            WorkingDirectory = directory,

            // Children get an empty stdin rather than the host's terminal.
            RedirectStandardInput = true,
            RedirectStandardOutput = output != ChildOutputMode.Inherit,
            RedirectStandardError = output != ChildOutputMode.Inherit,
        };

        foreach ((string key, string value) in _options.Environment)
        {
            start.Environment[key] = value;
        }

        if (instance.Port is int port)
        {
            start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        start.Environment["PS"] = instance.Name;
        string executable = CommandResolver.Resolve(_options.Command, start.Environment.TryGetValue("PATH", out string? path) ? path : null, directory);
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(executable);
        foreach (string argument in _options.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ChildProcessStartException($"The command '{_options.Command}' did not start.");
        }
        catch (Win32Exception exception)
        {
            throw new ChildProcessStartException($"The command '{_options.Command}' could not be started: {exception.Message}", exception);
        }

        process.StandardInput.Close();
        if (output == ChildOutputMode.Prefix)
        {
            _console.Register(instance.Name);
        }

        OutputSink? sink = output switch
        {
            ChildOutputMode.Log => new LogOutputSink(_logger),
            ChildOutputMode.Prefix => new PrefixOutputSink(_console, instance.Name, _colour),
            _ => null,
        };

        return new ChildProcessRun(process, sink, _logger, _stopSignal, _time, instance, generation);
    }
}
