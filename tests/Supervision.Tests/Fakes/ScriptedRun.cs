namespace Supervision.Tests.Fakes;

/// <summary>One run of a <see cref="ScriptedProcess"/>; the test decides how and when it ends.</summary>
public sealed class ScriptedRun
{
    private readonly TaskCompletionSource _end = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ScriptedRun(ProcessContext context, CancellationToken stoppingToken)
    {
        Context = context;
        StoppingToken = stoppingToken;
    }

    public ProcessContext Context { get; }

    public CancellationToken StoppingToken { get; }

    public string Name => Context.Name;

    internal Task Ended => _end.Task;

    /// <summary>The worker returns normally.</summary>
    public void Return() => _end.TrySetResult();

    /// <summary>The worker throws.</summary>
    public void Throw(string message = "boom") => _end.TrySetException(new InvalidOperationException(message));

    /// <summary>The worker throws <paramref name="exception"/>.</summary>
    public void Throw(Exception exception) => _end.TrySetException(exception);
}
