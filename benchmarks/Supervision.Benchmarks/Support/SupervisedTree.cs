using Microsoft.Extensions.DependencyInjection;

namespace Supervision.Benchmarks;

/// <summary>
/// A supervisor tree of one in-process type named <c>worker</c>, built through the public
/// <see cref="SupervisorBuilder"/> as the hosting glue builds it (a transient worker resolved from a fresh DI scope
/// per run), but without a host, a logger or event readers, so that only the supervision machinery is measured.
/// </summary>
internal sealed class SupervisedTree : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ProcessTypeOptions _typeOptions;
    private readonly Func<IServiceProvider, IProcess> _resolve;

    private SupervisedTree(ServiceProvider services, ProcessTypeOptions typeOptions, Func<IServiceProvider, IProcess> resolve)
    {
        _services = services;
        _typeOptions = typeOptions;
        _resolve = resolve;
    }

    /// <summary>The supervisor of the current run; a new one per <see cref="StartAsync"/>, since a supervisor starts once.</summary>
    public Supervisor? Supervisor { get; private set; }

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
        var builder = new SupervisorBuilder { Services = _services };
        builder.Options.MaxRestarts = -1;
        Supervisor = builder.Add(new ProcessTypeDefinition("worker", _resolve, _typeOptions)).Build();
        return Supervisor.StartAsync();
    }

    public Task StopAsync() => Supervisor?.StopAsync() ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _services.DisposeAsync();
    }
}
