using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Supervision.Tests.Fakes;

/// <summary>
/// A supervisor tree of real child processes on real time, built through the public <see cref="SupervisorBuilder"/>,
/// with their Log output recorded and their Prefix output written to <see cref="PrefixOutput"/>. The tree is built
/// when first used, so the options a declaration returns can be changed until then.
/// </summary>
public sealed class ChildHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _watch = new();
    private readonly ServiceProvider _services;
    private readonly SupervisorBuilder _builder;
    private readonly List<(string Name, ProcessTypeOptions Options)> _types = [];
    private Supervisor? _supervisor;
    private EventLog? _events;

    public ChildHarness(Stream? prefixOutput = null)
    {
        PrefixOutput = prefixOutput ?? new MemoryStream();
        _services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace))
            .BuildServiceProvider();
        _builder = new SupervisorBuilder { LoggerFactory = _services.GetRequiredService<ILoggerFactory>(), PrefixOutput = PrefixOutput };
    }

    public RecordingLoggerProvider Logs { get; } = new();

    public Stream PrefixOutput { get; }

    /// <summary>The root's options (strategy, intensity); changes apply until the tree is built.</summary>
    public ProcessGroupOptions Options => _builder.Options;

    public Supervisor Supervisor => _supervisor ??= Build();

    public EventLog Events => _events ??= new EventLog(Supervisor, _watch.Token);

    /// <summary>Declares a child process type; the returned options may be changed until the start.</summary>
    public ProcessTypeOptions AddChild(string name, ProcessTypeOptions options)
    {
        _types.Add((name, options));
        return options;
    }

    /// <summary>The options of the declared type <paramref name="name"/>.</summary>
    public ProcessTypeOptions Type(string name) => _types.Single(t => t.Name == name).Options;

    public Task StartAsync()
    {
        _ = Events;
        return Supervisor.StartAsync(CancellationToken.None).WaitAsync(TestTimeouts.Wait);
    }

    public Task StopAsync() => Supervisor.StopAsync(CancellationToken.None).WaitAsync(TestTimeouts.Wait);

    public ProcessInstanceStatus Status(string name) =>
        Supervisor.GetStatus().ProcessTypes.SelectMany(t => t.Instances).Single(i => i.Name == name);

    /// <summary>Waits until <paramref name="ready"/> is ready and <paramref name="next"/> started, and checks that it was in that order.</summary>
    public async Task AssertStartsAfterReadyAsync(string ready, string next)
    {
        SupervisionEvent readyEvent = await Events.WaitAsync(SupervisionEventKind.Ready, ready);
        SupervisionEvent started = await Events.WaitAsync(SupervisionEventKind.Started, next);
        Assert.True(started.Timestamp >= readyEvent.Timestamp, $"{next} started at {started.Timestamp:O}, {ready} ready at {readyEvent.Timestamp:O}");
    }

    /// <summary>Waits for the Log-mode line <paramref name="line"/> of type <paramref name="type"/>.</summary>
    public Task<LogEntry> WaitForLineAsync(string type, string line) => Logs.WaitForLineAsync("Supervision." + type, line);

    public async ValueTask DisposeAsync()
    {
        if (_supervisor is { } supervisor)
        {
            await supervisor.StopAsync(CancellationToken.None);
            supervisor.Dispose();
        }

        await _watch.CancelAsync();
        _watch.Dispose();
        await _services.DisposeAsync();
    }

    private Supervisor Build()
    {
        foreach ((string name, ProcessTypeOptions options) in _types)
        {
            _builder.Add(new ProcessTypeDefinition(name, options));
        }

        return _builder.Build();
    }
}
