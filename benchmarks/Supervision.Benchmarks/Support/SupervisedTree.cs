using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Supervision.Benchmarks;

/// <summary>
/// A supervisor tree of one in-process type named <c>worker</c>, built straight from the core as the hosting
/// glue builds it (a transient worker resolved from a fresh DI scope per run), but without a host, a logger
/// or event readers, so that only the supervision machinery is measured.
/// </summary>
internal sealed class SupervisedTree : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly SupervisionRegistry _registry = new();
    private readonly SupervisionOptions _options = new() { MaxRestarts = -1 };

    private SupervisedTree(ServiceProvider services, ProcessTypeOptions typeOptions, Func<IServiceProvider, IProcess> resolve)
    {
        _services = services;
        _options.ProcessTypes["worker"] = typeOptions;
        _registry.Add(_registry.Root, new ProcessTypeRegistration("worker", sp => new InProcessLauncher(sp.GetRequiredService<IServiceScopeFactory>(), resolve), null));
    }

    /// <summary>The supervisor of the current run; a new one per <see cref="StartAsync"/>, since a supervisor starts once.</summary>
    public ProcessSupervisor? Supervisor { get; private set; }

    public IServiceProvider Services => _services;

    /// <summary>Declares the tree; <paramref name="addServices"/> registers what the worker depends on.</summary>
    public static SupervisedTree Create<TWorker>(int count, Action<BackoffOptions> backoff, Action<IServiceCollection>? addServices = null)
        where TWorker : class, IProcess
    {
        var services = new ServiceCollection();
        addServices?.Invoke(services);
        services.AddTransient<TWorker>();
        var typeOptions = new ProcessTypeOptions { Count = count };
        backoff(typeOptions.Backoff);
        return new SupervisedTree(services.BuildServiceProvider(), typeOptions, static scoped => scoped.GetRequiredService<TWorker>());
    }

    /// <summary>Builds the tree (the supervisor's per-instance objects included) and starts every instance.</summary>
    public Task StartAsync()
    {
        // The clock a host on the system clock supervises on.
        Supervisor = new ProcessSupervisor(PreciseTimeProvider.Shared, NullLogger.Instance);
        SupervisorNode root = TreeBuilder.Build(_registry, _options, _services, Supervisor.Runtime);
        return Supervisor.StartAsync(root, CancellationToken.None);
    }

    public Task StopAsync() => Supervisor?.StopAsync(CancellationToken.None) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _services.DisposeAsync();
    }
}
