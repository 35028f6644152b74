using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Supervision.Extensions.Tests.Fakes;

/// <summary>Collects every log message of a host; tests wait for a message instead of sleeping.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly SemaphoreSlim _added = new(0);

    public IReadOnlyList<string> Messages => [.. _messages];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public async Task<string> WaitForAsync(string fragment)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        while (true)
        {
            if (_messages.FirstOrDefault(m => m.Contains(fragment, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            await _added.WaitAsync(timeout.Token);
        }
    }

    public void Dispose() => _added.Dispose();

    private sealed class Logger(LogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            sink._messages.Enqueue(formatter(state, exception));
            sink._added.Release();
        }
    }
}

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
