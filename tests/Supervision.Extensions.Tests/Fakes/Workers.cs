using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace Supervision.Extensions.Tests.Fakes;

/// <summary>Counts and remembers the runs of the workers below; shared through DI as a singleton.</summary>
public sealed class RunLog : IDisposable
{
    private readonly ConcurrentQueue<string> _entries = new();
    private readonly SemaphoreSlim _added = new(0);

    public IReadOnlyList<string> Entries => [.. _entries];

    public void Dispose() => _added.Dispose();

    public void Add(string entry)
    {
        _entries.Enqueue(entry);
        _added.Release();
    }

    /// <summary>Waits until at least <paramref name="count"/> entries were added.</summary>
    public async Task WaitForAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        while (_entries.Count < count)
        {
            await _added.WaitAsync(timeout.Token);
        }
    }
}

public sealed class ScopedThing
{
    public Guid Id { get; } = Guid.NewGuid();
}

/// <summary>Records the id of its scoped dependency, then fails.</summary>
public sealed class ScopeRecordingWorker(ScopedThing thing, RunLog log) : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        log.Add(thing.Id.ToString());
        throw new InvalidOperationException("fail so that it restarts");
    }
}

/// <summary>Runs until stopped.</summary>
public sealed class IdleWorker(RunLog log) : IProcess
{
    public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        log.Add(context.Name);
        await Task.Delay(Timeout.Infinite, stoppingToken);
    }
}

/// <summary>Never looks at its stopping token.</summary>
public sealed class DeafWorker(RunLog log) : IProcess
{
    public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        log.Add(context.Name);
        await Task.Delay(TimeSpan.FromMinutes(10), CancellationToken.None);
    }
}

/// <summary>Always throws at once.</summary>
public sealed class CrashingWorker : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken) =>
        Task.FromException(new InvalidOperationException("crash"));
}

/// <summary>An ordinary BackgroundService that fails on its first two runs and then runs until stopped.</summary>
public sealed class FlakyBackgroundService(RunLog log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        log.Add("execute");
        if (log.Entries.Count(e => e == "execute") <= 2)
        {
            throw new InvalidOperationException("background service crashed");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        finally
        {
            log.Add("stopped");
        }
    }
}

/// <summary>Not a worker of any kind.</summary>
public sealed class NotAWorker;
