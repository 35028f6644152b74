using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Supervision.Extensions.Configuration;
using Supervision.Extensions.Formations;
using Supervision.Extensions.Registration;

namespace Supervision.Extensions.Hosting;

/// <summary>
/// Runs the supervisor tree for the host's lifetime. <see cref="StartAsync"/> returns once the initial formation
/// has started; when the root gives up, the host is stopped with a non-zero exit code. A reloaded configuration
/// whose count of a type changed scales that type live; changed restart settings apply from the next restart.
/// </summary>
internal sealed partial class SupervisionHostedService(
    Supervisor supervisor,
    SupervisionRegistry registry,
    IOptionsMonitor<SupervisionOptions> options,
    TimeProvider time,
    IOptions<HostOptions> hostOptions,
    IHostApplicationLifetime lifetime,
    ILogger<SupervisionHostedService> logger) : IHostedService, IDisposable
{
    private readonly Lock _gate = new();
    private Dictionary<string, int> _configuredCounts = [];
    private IDisposable? _reloads;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (string warning in registry.Warnings)
        {
            LogRegistrationWarning(logger, warning);
        }

        SupervisionOptions current = options.CurrentValue;
        try
        {
            await supervisor.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // SIGTERM during the start: the host's stop follows and stops what started and what is still starting.
            return;
        }

        _ = supervisor.GaveUp.ContinueWith(static (_, state) => ((SupervisionHostedService)state!).OnGaveUp(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _ = supervisor.ShutDown.ContinueWith(static (_, state) => ((SupervisionHostedService)state!).OnShutDown(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        lock (_gate)
        {
            _configuredCounts = ConfiguredCounts(current);
        }

        _reloads = options.OnChange(OnOptionsChanged);
    }

    /// <summary>Stops every instance in reverse order; the host's token bounds the whole stop (HostOptions.ShutdownTimeout).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _reloads?.Dispose();
        IReadOnlyList<ProcessTypeStatus> types = supervisor.GetStatus().ProcessTypes;
        int running = types.Sum(static t => t.Instances.Count(static i => i.State is not (InstanceState.Stopped or InstanceState.Fatal or InstanceState.Pending)));
        long started = time.GetTimestamp();
        // The whole stop fits the host's ShutdownTimeout: slots that cannot be stopped one by one in what is left
        // are asked at once.
        await supervisor.StopWithinAsync(hostOptions.Value.ShutdownTimeout, cancellationToken).ConfigureAwait(false);

        // Each instance's stop is logged by the supervisor (Debug); one line says the whole stop is over.
        LogStopped(logger, running, types.Count, (long)time.GetElapsedTime(started).TotalMilliseconds);
    }

    public void Dispose() => _reloads?.Dispose();

    /// <summary>The count the configuration gives each type that runs in this host (Formation over Count).</summary>
    private Dictionary<string, int> ConfiguredCounts(SupervisionOptions configured)
    {
        Formation formation = Formation.Parse(configured.Formation, []);
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (ProcessTypeStatus type in supervisor.GetStatus().ProcessTypes)
        {
            int fallback = configured.ProcessTypes.TryGetValue(type.Name, out ProcessTypeOptions? typeOptions) ? typeOptions.Count : SupervisionHostingDefaults.Type.Count;
            counts[type.Name] = formation.CountOf(type.Name, fallback);
        }

        return counts;
    }

    // Only a count that changed in the configuration is applied, so a scale made through ISupervisor is not undone
    // by an unrelated edit. The monitor only reports options that were built and validated (SupervisionReloadGate).
    private void OnOptionsChanged(SupervisionOptions changed, string? name)
    {
        if (name != Options.DefaultName)
        {
            return;
        }

        // A changed policy, backoff or stop timeout applies from the next restart or stop.
        foreach (ProcessTypeStatus type in supervisor.GetStatus().ProcessTypes)
        {
            if (changed.ProcessTypes.TryGetValue(type.Name, out ProcessTypeOptions? typeOptions))
            {
                supervisor.UpdateProcessType(type.Name, typeOptions);
            }
        }

        lock (_gate)
        {
            Dictionary<string, int> counts = ConfiguredCounts(changed);
            foreach ((string type, int count) in counts)
            {
                if (_configuredCounts.TryGetValue(type, out int previous) && previous != count)
                {
                    LogReloadScales(logger, type, previous, count);
                    _ = ScaleFromConfigurationAsync(type, count);
                }
            }

            _configuredCounts = counts;
        }
    }

    private async Task ScaleFromConfigurationAsync(string type, int count)
    {
        try
        {
            await supervisor.ScaleAsync(type, count).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogReloadScaleFailed(logger, type, count, exception);
        }
    }

    private void OnGaveUp()
    {
        string reason = supervisor.GaveUpCause switch
        {
            SupervisionGaveUpException or null => "the root supervisor exceeded its restart intensity",
            TerminateSupervisorTreeException fatal => $"a process failed in a way that is fatal for the tree ({fatal.Message})",
            Exception cause => $"the root supervisor's control loop failed ({cause.GetType().Name}: {cause.Message})",
        };
        LogGaveUp(logger, reason, SupervisionHostingDefaults.NonZeroExitCode);

        // A process manager (systemd, Kubernetes) acts on the exit code; keep one a user may have set.
        if (Environment.ExitCode == 0)
        {
            Environment.ExitCode = SupervisionHostingDefaults.NonZeroExitCode;
        }

        lifetime.StopApplication();
    }

    /// <summary>
    /// The root shut itself down (AutoShutdown): the application ends with exit code 0 after a clean end of the
    /// significant process, and with its own exit code (128 + the signal that killed it, or 1) after a failure.
    /// </summary>
    private void OnShutDown()
    {
        ProcessExit exit = supervisor.ShutDownExit ?? new ProcessExit(ExitReason.Completed);
        int exitCode = !exit.IsFailure ? 0
            : exit.ExitCode is int code and not 0 ? code
            : exit.Signal is int signal ? 128 + signal
            : SupervisionHostingDefaults.NonZeroExitCode;
        LogShutDown(logger, exit, exitCode);
        if (Environment.ExitCode == 0)
        {
            Environment.ExitCode = exitCode;
        }

        lifetime.StopApplication();
    }

    [LoggerMessage(105, LogLevel.Information, "Supervision shut down: its significant processes ended ({Exit}). Stopping the application with exit code {ExitCode}.", EventName = "ShutDown")]
    private static partial void LogShutDown(ILogger logger, ProcessExit exit, int exitCode);

    [LoggerMessage(100, LogLevel.Critical, "Supervision gave up: {Reason}. Stopping the application with exit code {ExitCode}.", EventName = "GaveUp")]
    private static partial void LogGaveUp(ILogger logger, string reason, int exitCode);

    [LoggerMessage(103, LogLevel.Warning, "{Warning}", EventName = "RegistrationWarning")]
    private static partial void LogRegistrationWarning(ILogger logger, string warning);

    [LoggerMessage(104, LogLevel.Information, "Stopped {Instances} instance(s) of {Types} process type(s) in {ElapsedMilliseconds} ms", EventName = "Stopped")]
    private static partial void LogStopped(ILogger logger, int instances, int types, long elapsedMilliseconds);

    [LoggerMessage(101, LogLevel.Information, "Configuration reloaded: scaling {Type} from {From} to {To}", EventName = "ReloadScales")]
    private static partial void LogReloadScales(ILogger logger, string type, int from, int to);

    [LoggerMessage(102, LogLevel.Warning, "Configuration reloaded, but {Type} could not be scaled to {Count}", EventName = "ReloadScaleFailed")]
    private static partial void LogReloadScaleFailed(ILogger logger, string type, int count, Exception exception);
}
