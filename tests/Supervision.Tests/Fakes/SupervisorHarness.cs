using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Supervision.Tests.Fakes;

/// <summary>
/// A supervisor tree on fake time with scripted workers: declare types and groups, start, then drive runs and
/// time from the test. Backoff jitter is 0 unless a test sets it, so delays are exact.
/// </summary>
public sealed class SupervisorHarness : IAsyncDisposable
{
    private readonly SupervisionRegistry _registry = new();
    private readonly CancellationTokenSource _watch = new();
    private readonly ServiceProvider _services;

    public SupervisorHarness(Action<SupervisionOptions>? configureRoot = null, Random? random = null)
    {
        configureRoot?.Invoke(Options);
        _services = new ServiceCollection()
            .AddSingleton(Script)
            .AddTransient<ScriptedProcess>()
            .AddScoped<ScopedDependency>()
            .BuildServiceProvider();
        Supervisor = new ProcessSupervisor(Time, NullLogger.Instance, random);
        Events = new EventLog(Supervisor, _watch.Token);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public WorkerScript Script { get; } = new();

    public SupervisionOptions Options { get; } = new();

    internal ProcessSupervisor Supervisor { get; }

    public EventLog Events { get; }

    /// <summary>Declares a scripted process type; the returned options may be changed until the start.</summary>
    public ProcessTypeOptions AddType(string name, int count = 1, RestartPolicy restart = RestartPolicy.Always, string? group = null)
    {
        var options = new ProcessTypeOptions { Count = count, Restart = restart };
        options.Backoff.Jitter = 0;
        Options.ProcessTypes[name] = options;
        var launcher = new InProcessLauncher(_services.GetRequiredService<IServiceScopeFactory>(), static sp => sp.GetRequiredService<ScriptedProcess>());
        _registry.Add(Find(group), new ProcessTypeRegistration(name, _ => launcher, null));
        return options;
    }

    /// <summary>Declares a type whose worker cannot even be created: every start fails.</summary>
    public ProcessTypeOptions AddUnstartableType(string name)
    {
        var options = new ProcessTypeOptions();
        options.Backoff.Jitter = 0;
        Options.ProcessTypes[name] = options;
        var launcher = new InProcessLauncher(_services.GetRequiredService<IServiceScopeFactory>(), static _ => throw new InvalidOperationException("no worker for you"));
        _registry.Add(_registry.Root, new ProcessTypeRegistration(name, _ => launcher, null));
        return options;
    }

    public ProcessGroupOptions AddGroup(string name, SupervisionStrategy strategy = SupervisionStrategy.OneForOne, int maxRestarts = 5, string? parent = null)
    {
        var options = new ProcessGroupOptions { Strategy = strategy, MaxRestarts = maxRestarts };
        Options.Groups[name] = options;
        _registry.Add(Find(parent), new ProcessGroupRegistration(name, null));
        return options;
    }

    public Task StartAsync()
    {
        SupervisorNode root = TreeBuilder.Build(_registry, Options, _services, Supervisor.Runtime);
        return Supervisor.StartAsync(root, CancellationToken.None).WaitAsync(TestTimeouts.Wait);
    }

    public Task StopAsync(CancellationToken deadline = default) => Supervisor.StopAsync(deadline).WaitAsync(TestTimeouts.Wait, CancellationToken.None);

    /// <summary>The names of the instances of <paramref name="type"/>, by number.</summary>
    public IEnumerable<string> Names(string type) =>
        Supervisor.GetStatus().ProcessTypes.Single(t => t.Name == type).Instances.Select(i => i.Name);

    public ProcessInstanceStatus Status(string name) =>
        Supervisor.GetStatus().ProcessTypes.SelectMany(t => t.Instances).Single(i => i.Name == name);

    public async ValueTask DisposeAsync()
    {
        await Supervisor.StopAsync(new CancellationToken(canceled: true));
        await _watch.CancelAsync();
        _watch.Dispose();
        await _services.DisposeAsync();
        Supervisor.Dispose();
    }

    private ProcessGroupRegistration Find(string? group) =>
        group is null ? _registry.Root : _registry.Groups.Single(g => g.Name == group);
}

/// <summary>A scoped service: each run of a worker gets its own.</summary>
public sealed class ScopedDependency
{
    public Guid Id { get; } = Guid.NewGuid();
}
