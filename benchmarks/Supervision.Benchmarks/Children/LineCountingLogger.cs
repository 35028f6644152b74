using Microsoft.Extensions.Logging;

namespace Supervision.Benchmarks;

/// <summary>
/// The cheapest logger that still receives every Log-mode line: it counts them (formatting nothing) and completes
/// <see cref="Reached"/> at the expected count. Also its own factory, so every category gets this one logger.
/// </summary>
internal sealed class LineCountingLogger(long expected) : ILogger, ILoggerFactory
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lines;

    public long Lines => Interlocked.Read(ref _lines);

    /// <summary>Completes once <c>expected</c> lines have arrived.</summary>
    public Task Reached => _reached.Task;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        // Interlocked: stdout and stderr of each child are pumped on their own.
        if (Interlocked.Increment(ref _lines) == expected)
        {
            _reached.TrySetResult();
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
