using Microsoft.Extensions.DependencyInjection;
using Supervision.Runs;

namespace Supervision.InProcess;

/// <summary>Starts in-process workers, each run from a fresh dependency injection scope.</summary>
internal sealed class InProcessLauncher(IServiceScopeFactory scopeFactory, Func<IServiceProvider, IProcess> resolve) : ProcessLauncher
{
    public override RunningProcess Start(in RunStart start)
    {
        // The instance's previous run object when that run has ended; a new one for the first run, or when the
        // previous worker was abandoned and still runs.
        InProcessRun run = start.Channel.TakeIdleRun() as InProcessRun ?? new InProcessRun(start.Channel);
        AsyncServiceScope scope = scopeFactory.CreateAsyncScope();
        try
        {
            IProcess worker = resolve(scope.ServiceProvider);
            var context = new ProcessContext(start.TypeName, start.Number, start.Name, start.RestartCount, start.Port, scope.ServiceProvider)
            {
                Channel = start.Channel,
                Generation = start.Generation,
            };
            run.Start(worker, context, scope, start.Generation);
            return run;
        }
        catch
        {
            scope.Dispose();
            start.Channel.ReturnIdleRun(run);
            throw;
        }
    }
}
