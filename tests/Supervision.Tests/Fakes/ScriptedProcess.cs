namespace Supervision.Tests.Fakes;

/// <summary>A worker whose every run is recorded in the <see cref="WorkerScript"/> and ended by the test.</summary>
public sealed class ScriptedProcess(WorkerScript script) : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        if (script.ThrowSynchronously.Contains(context.TypeName))
        {
            throw new InvalidOperationException("thrown before any await");
        }

        if (script.LeaveAmbientSet.Contains(context.TypeName))
        {
            lock (script.AmbientAtStart)
            {
                script.AmbientAtStart.Add(script.Ambient.Value);
            }

            script.Ambient.Value = context.Name;
            return Task.CompletedTask;
        }

        if (script.ReturnAtOnce.Contains(context.TypeName))
        {
            return Task.CompletedTask;
        }

        var run = new ScriptedRun(context, stoppingToken);
        script.OnStarted(run);
        return script.IgnoreStop.Contains(context.TypeName) ? run.Ended : run.Ended.WaitAsync(stoppingToken);
    }
}
