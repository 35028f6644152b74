using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Supervision;

/// <summary>
/// Runs the supervisor tree for the host's lifetime. <see cref="StartAsync"/> returns once the initial formation
/// has started; when the root gives up, the host is stopped with a non-zero exit code.
/// </summary>
internal sealed partial class SupervisionHostedService(
    ProcessSupervisor supervisor,
    SupervisionRegistry registry,
    IOptionsMonitor<SupervisionOptions> options,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<SupervisionHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        SupervisorNode root = TreeBuilder.Build(registry, options.CurrentValue, services, supervisor.Runtime);
        await supervisor.StartAsync(root, cancellationToken).ConfigureAwait(false);
        _ = supervisor.GaveUp.ContinueWith(static (_, state) => ((SupervisionHostedService)state!).OnGaveUp(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Stops every instance in reverse order; the host's token bounds the whole stop (HostOptions.ShutdownTimeout).</summary>
    public Task StopAsync(CancellationToken cancellationToken) => supervisor.StopAsync(cancellationToken);

    private void OnGaveUp()
    {
        LogGaveUp(logger, SupervisionDefaults.NonZeroExitCode);

        // A process manager (systemd, Kubernetes) acts on the exit code; keep one a user may have set.
        if (Environment.ExitCode == 0)
        {
            Environment.ExitCode = SupervisionDefaults.NonZeroExitCode;
        }

        lifetime.StopApplication();
    }

    [LoggerMessage(100, LogLevel.Critical, "Supervision gave up: the root supervisor exceeded its restart intensity. Stopping the application with exit code {ExitCode}.", EventName = "GaveUp")]
    private static partial void LogGaveUp(ILogger logger, int exitCode);
}
