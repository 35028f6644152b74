using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Supervision.Testing;

/// <summary>One log entry, with the scope it was written in.</summary>
public sealed record LogEntry(string Category, LogLevel Level, string Message, object? Scope)
{
    /// <summary>The entry as a logger formats it.</summary>
    public string Formatted { get; init; } = Message;
}

/// <summary>
/// Records log entries (or hands each to <see cref="OnEntry"/> instead, for floods); tests wait on it for a line.
/// </summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly AsyncLocal<object?> _scope = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, entries go here and are not recorded.</summary>
    public Action<LogEntry>? OnEntry { get; set; }

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>Waits for an entry matching <paramref name="predicate"/>.</summary>
    public async Task<LogEntry> WaitForAsync(Func<LogEntry, bool> predicate) => (await WaitForAsync(predicate, 1))[0];

    /// <summary>Waits until <paramref name="count"/> entries match <paramref name="predicate"/>; returns them.</summary>
    public async Task<IReadOnlyList<LogEntry>> WaitForAsync(Func<LogEntry, bool> predicate, int count)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        while (true)
        {
            Task changed = Volatile.Read(ref _changed).Task;
            List<LogEntry> found = [.. _entries.Where(predicate)];
            if (found.Count >= count)
            {
                return found;
            }

            await changed.WaitAsync(timeout.Token);
        }
    }

    public Task<LogEntry> WaitForLineAsync(string category, string message) =>
        WaitForAsync(e => e.Category == category && e.Message == message);

    private void Add(LogEntry entry)
    {
        if (OnEntry is { } onEntry)
        {
            onEntry(entry);
            return;
        }

        _entries.Enqueue(entry);
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private sealed class Recorder(RecordingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            object? outer = provider._scope.Value;
            provider._scope.Value = state;
            return new Pop(provider, outer);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        // A child's output line is recorded as the line itself (its formatted entry, "web.1 | line", in Formatted).
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string formatted = formatter(state, exception);
            string message = state is IReadOnlyList<KeyValuePair<string, object?>> values && values.FirstOrDefault(v => v.Key == "Line").Value is string line && values.Any(v => v.Key == "Instance")
                ? line + (formatted.EndsWith(" [line continues]", StringComparison.Ordinal) ? " [line continues]" : string.Empty)
                : formatted;
            provider.Add(new LogEntry(category, logLevel, message, provider._scope.Value) { Formatted = formatted });
        }
    }

    private sealed class Pop(RecordingLoggerProvider provider, object? outer) : IDisposable
    {
        public void Dispose() => provider._scope.Value = outer;
    }
}
