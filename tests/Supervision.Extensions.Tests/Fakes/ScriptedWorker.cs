using System.Collections.Concurrent;

namespace Supervision.Extensions.Tests.Fakes;

/// <summary>A worker whose runs end when the test says so.</summary>
public sealed class ScriptedFailures : IDisposable
{
    private readonly SemaphoreSlim _started = new(0);
    private readonly ConcurrentQueue<TaskCompletionSource> _runs = new();

    public async Task FailNextRunAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        await _started.WaitAsync(timeout.Token);
        _runs.TryDequeue(out TaskCompletionSource? run);
        run!.TrySetException(new InvalidOperationException("scripted failure"));
    }

    public void Dispose() => _started.Dispose();

    internal Task Started()
    {
        var run = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _runs.Enqueue(run);
        _started.Release();
        return run.Task;
    }
}

/// <summary>Runs until stopped or until <see cref="ScriptedFailures"/> fails it.</summary>
public sealed class ScriptedWorker(ScriptedFailures failures) : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken) => failures.Started().WaitAsync(stoppingToken);
}
