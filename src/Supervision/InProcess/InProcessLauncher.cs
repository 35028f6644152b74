using Microsoft.Extensions.DependencyInjection;

namespace Supervision;

/// <summary>Starts in-process workers, each run from a fresh dependency injection scope.</summary>
internal sealed class InProcessLauncher(IServiceScopeFactory scopeFactory, Func<IServiceProvider, IProcess> resolve) : ProcessLauncher
{
    public override RunningProcess Start(InstanceChild instance, int generation)
    {
        // The instance's previous run object when that run has ended; a new one for the first run, or when the
        // previous worker was abandoned and still runs.
        InProcessRun run = instance.TakeIdleRun() as InProcessRun ?? new InProcessRun(instance);
        AsyncServiceScope scope = scopeFactory.CreateAsyncScope();
        try
        {
            IProcess worker = resolve(scope.ServiceProvider);
            var context = new ProcessContext(instance.Spec.Name, instance.Number, instance.Name, instance.RestartCount, instance.Port, scope.ServiceProvider)
            {
                Owner = instance,
                Generation = generation,
            };
            run.Start(worker, context, scope, generation);
            return run;
        }
        catch
        {
            scope.Dispose();
            instance.ReturnIdleRun(run);
            throw;
        }
    }
}
