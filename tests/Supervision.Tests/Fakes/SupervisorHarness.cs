using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Supervision.Tests.Fakes;

/// <summary>
/// A supervisor tree on fake time with scripted workers, built through the public <see cref="SupervisorBuilder"/>:
/// declare types and groups, start, then drive runs and time from the test. Backoff jitter is 0 unless a test sets
/// it, so delays are exact. The tree is built when first used (<see cref="Supervisor"/>, <see cref="Events"/> or the
/// start), so the options a declaration returns can be changed until then.
/// </summary>
public sealed class SupervisorHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _watch = new();
    private readonly ServiceProvider _services;
    private readonly SupervisorBuilder _builder;
    private readonly Dictionary<string, ProcessGroupDefinition> _groups = new(StringComparer.Ordinal);
    private readonly List<Action> _declarations = [];
    private Supervisor? _supervisor;
    private EventLog? _events;

    public SupervisorHarness(Action<ProcessGroupOptions>? configureRoot = null, Random? random = null)
    {
        _services = new ServiceCollection()
            .AddSingleton(Script)
            .AddTransient<ScriptedProcess>()
            .AddScoped<ScopedDependency>()
            .BuildServiceProvider();
        _builder = new SupervisorBuilder { TimeProvider = Time, Services = _services, Random = random };
        configureRoot?.Invoke(_builder.Options);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public WorkerScript Script { get; } = new();

    public Supervisor Supervisor => _supervisor ??= Build();

    public EventLog Events => _events ??= new EventLog(Supervisor, _watch.Token);

    /// <summary>Declares a scripted process type; the returned options may be changed until the start.</summary>
    public ProcessTypeOptions AddType(string name, int count = 1, RestartPolicy restart = RestartPolicy.Always, string? group = null)
    {
        var options = new ProcessTypeOptions { Count = count, Restart = restart };
        options.Backoff.Jitter = 0;
        Declare(group, () => new ProcessTypeDefinition(name, static sp => sp.GetRequiredService<ScriptedProcess>(), options));
        return options;
    }

    /// <summary>Declares a type whose worker cannot even be created: every start fails.</summary>
    public ProcessTypeOptions AddUnstartableType(string name)
    {
        var options = new ProcessTypeOptions();
        options.Backoff.Jitter = 0;
        Declare(null, () => new ProcessTypeDefinition(name, static _ => throw new InvalidOperationException("no worker for you"), options));
        return options;
    }

    public ProcessGroupOptions AddGroup(string name, SupervisionStrategy strategy = SupervisionStrategy.OneForOne, int maxRestarts = 5, string? parent = null)
    {
        var group = new ProcessGroupDefinition(name, new ProcessGroupOptions { Strategy = strategy, MaxRestarts = maxRestarts });
        _groups[name] = group;
        ThrowIfBuilt();
        _declarations.Add(() =>
        {
            if (parent is null)
            {
                _builder.Add(group);
            }
            else
            {
                _groups[parent].Add(group);
            }
        });
        return group.Options;
    }

    public Task StartAsync() => BeginStart().WaitAsync(TestTimeouts.Wait);

    /// <summary>Starts the tree and returns the start, which completes once the formation is ready (never, for one that cannot start).</summary>
    public Task BeginStart()
    {
        // Watching before the start: the log sees every event.
        _ = Events;
        return Supervisor.StartAsync(CancellationToken.None);
    }

    public Task StopAsync(CancellationToken deadline = default) => Supervisor.StopAsync(deadline).WaitAsync(TestTimeouts.Wait, CancellationToken.None);

    /// <summary>The names of the instances of <paramref name="type"/>, by number.</summary>
    public IEnumerable<string> Names(string type) =>
        Supervisor.GetStatus().ProcessTypes.Single(t => t.Name == type).Instances.Select(i => i.Name);

    public ProcessInstanceStatus Status(string name) =>
        Supervisor.GetStatus().ProcessTypes.SelectMany(t => t.Instances).Single(i => i.Name == name);

    public async ValueTask DisposeAsync()
    {
        if (_supervisor is { } supervisor)
        {
            await supervisor.StopAsync(new CancellationToken(canceled: true));
            supervisor.Dispose();
        }

        await _watch.CancelAsync();
        _watch.Dispose();
        await _services.DisposeAsync();
    }

    private Supervisor Build()
    {
        foreach (Action declare in _declarations)
        {
            declare();
        }

        return _builder.Build();
    }

    private void ThrowIfBuilt()
    {
        if (_supervisor is not null)
        {
            throw new InvalidOperationException("Declare every type and group before using the supervisor.");
        }
    }

    private void Declare(string? group, Func<ProcessTypeDefinition> define)
    {
        ThrowIfBuilt();
        _declarations.Add(() =>
        {
            ProcessTypeDefinition type = define();
            if (group is null)
            {
                _builder.Add(type);
            }
            else
            {
                _groups[group].Add(type);
            }
        });
    }
}

/// <summary>A scoped service: each run of a worker gets its own.</summary>
public sealed class ScopedDependency
{
    public Guid Id { get; } = Guid.NewGuid();
}
