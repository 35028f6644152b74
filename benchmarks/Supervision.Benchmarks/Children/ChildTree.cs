using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Supervision.Benchmarks;

/// <summary>
/// A supervisor tree of child process types built straight from the core as the hosting glue builds it, with
/// the output loggers and the Prefix console chosen by the benchmark, and no host or event readers, so that only
/// the supervision of real child processes is measured.
/// </summary>
internal sealed class ChildTree : IAsyncDisposable
{
    private readonly SupervisionRegistry _registry = new();
    private readonly ServiceProvider _services;

    /// <param name="outputLoggers">Where Log-mode lines go (category <c>Supervision.TYPE</c>).</param>
    /// <param name="supervisorLogger">The supervisor's own log (starts, exits, backoff).</param>
    /// <param name="prefixOutput">Where Prefix-mode lines go; none for a tree without Prefix types.</param>
    public ChildTree(ILoggerFactory outputLoggers, ILogger supervisorLogger, Stream? prefixOutput = null)
    {
        var services = new ServiceCollection().AddSingleton(outputLoggers);
        if (prefixOutput is not null)
        {
            services.AddSingleton(new PrefixConsole(prefixOutput, colour: false, TimeProvider.System));
        }

        _services = services.BuildServiceProvider();
        // The clock a host on the system clock supervises on.
        Supervisor = new ProcessSupervisor(PreciseTimeProvider.Shared, supervisorLogger);
    }

    /// <summary>Root options; <c>MaxRestarts</c> -1 so that a benchmark restarting as fast as it can never escalates.</summary>
    public SupervisionOptions Options { get; } = new() { MaxRestarts = -1 };

    public ProcessSupervisor Supervisor { get; }

    /// <summary>Declares a child process type, configured only by its options, as configuration would.</summary>
    public ProcessTypeOptions AddChild(string name, ProcessTypeOptions options)
    {
        Options.ProcessTypes[name] = options;
        _registry.Add(_registry.Root, new ProcessTypeRegistration(name, null, null));
        return options;
    }

    public Task StartAsync() => Supervisor.StartAsync(TreeBuilder.Build(_registry, Options, _services, Supervisor.Runtime), CancellationToken.None);

    public Task StopAsync() => Supervisor.StopAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Supervisor.Dispose();
        await _services.DisposeAsync();
    }
}
