using Microsoft.Extensions.DependencyInjection;

namespace Supervision;

/// <summary>Starts in-process workers, each run from a fresh dependency injection scope.</summary>
internal sealed class InProcessLauncher(IServiceScopeFactory scopeFactory, Func<IServiceProvider, IProcess> resolve) : ProcessLauncher
{
    public override RunningProcess Start(InstanceChild instance, int generation)
    {
        AsyncServiceScope scope = scopeFactory.CreateAsyncScope();
        try
        {
            IProcess worker = resolve(scope.ServiceProvider);
            var context = new ProcessContext(instance.Spec.Name, instance.Number, instance.Name, instance.RestartCount, instance.Port, scope.ServiceProvider);
            return new InProcessRun(worker, context, scope, instance, generation);
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }
}
