namespace Supervision.AspNetCore.Tests.Fakes;

/// <summary>
/// Lets a test crash one <see cref="CrashOnDemandWorker"/> by its instance name. A crash asked for before the run
/// reached its wait (the instance reports Running a moment before its code runs) happens as soon as it gets there.
/// </summary>
public sealed class CrashSwitch
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskCompletionSource> _runs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);

    public Task WaitAsync(string instance, CancellationToken stoppingToken)
    {
        lock (_gate)
        {
            if (_pending.Remove(instance))
            {
                return Task.CompletedTask;
            }

            var run = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _runs[instance] = run;
            return run.Task.WaitAsync(stoppingToken);
        }
    }

    /// <summary>Crashes the current (or the next) run of <paramref name="instance"/>.</summary>
    public void Crash(string instance)
    {
        lock (_gate)
        {
            if (_runs.Remove(instance, out TaskCompletionSource? run))
            {
                run.TrySetResult();
            }
            else
            {
                _pending.Add(instance);
            }
        }
    }
}
