using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Supervision.Tests.Fakes;

/// <summary>
/// A supervisor tree of real child processes on real time, with their Log output recorded and their Prefix
/// output written to <see cref="PrefixOutput"/>.
/// </summary>
public sealed class ChildHarness : IAsyncDisposable
{
    private readonly SupervisionRegistry _registry = new();
    private readonly CancellationTokenSource _watch = new();
    private readonly ServiceProvider _services;

    public ChildHarness(Stream? prefixOutput = null)
    {
        PrefixOutput = prefixOutput ?? new MemoryStream();
        _services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace))
            .AddSingleton(new PrefixConsole(PrefixOutput, colour: false, TimeProvider.System))
            .BuildServiceProvider();
        Supervisor = new ProcessSupervisor(TimeProvider.System, _services.GetRequiredService<ILoggerFactory>().CreateLogger("Supervision"));
        Events = new EventLog(Supervisor, _watch.Token);
    }

    public RecordingLoggerProvider Logs { get; } = new();

    public Stream PrefixOutput { get; }

    public SupervisionOptions Options { get; } = new();

    internal ProcessSupervisor Supervisor { get; }

    public EventLog Events { get; }

    /// <summary>Declares a child process type; the returned options may be changed until the start.</summary>
    public ProcessTypeOptions AddChild(string name, ProcessTypeOptions options)
    {
        Options.ProcessTypes[name] = options;
        _registry.Add(_registry.Root, new ProcessTypeRegistration(name, null, null));
        return options;
    }

    public Task StartAsync() =>
        Supervisor.StartAsync(TreeBuilder.Build(_registry, Options, _services, Supervisor.Runtime), CancellationToken.None).WaitAsync(TestTimeouts.Wait);

    public Task StopAsync() => Supervisor.StopAsync(CancellationToken.None).WaitAsync(TestTimeouts.Wait);

    public ProcessInstanceStatus Status(string name) =>
        Supervisor.GetStatus().ProcessTypes.SelectMany(t => t.Instances).Single(i => i.Name == name);

    /// <summary>Waits for the Log-mode line <paramref name="line"/> of type <paramref name="type"/>.</summary>
    public Task<LogEntry> WaitForLineAsync(string type, string line) => Logs.WaitForLineAsync("Supervision." + type, line);

    public async ValueTask DisposeAsync()
    {
        await Supervisor.StopAsync(CancellationToken.None);
        await _watch.CancelAsync();
        _watch.Dispose();
        await _services.DisposeAsync();
    }
}
