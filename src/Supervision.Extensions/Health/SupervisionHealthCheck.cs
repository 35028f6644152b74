using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Supervision.Extensions.Health;

/// <summary>
/// Healthy while every instance runs (or ended by its policy); Degraded while any instance waits in backoff;
/// the registration's failure status (Unhealthy by default) once the tree gave up or any type has a Fatal instance.
/// </summary>
internal sealed class SupervisionHealthCheck(ISupervisor supervisor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        SupervisorStatus status = supervisor.GetStatus();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        List<string>? fatal = null;
        List<string>? backoff = null;
        foreach (ProcessTypeStatus type in status.ProcessTypes)
        {
            foreach (ProcessInstanceStatus instance in type.Instances)
            {
                data[instance.Name] = instance.State.ToString();
                if (instance.State == InstanceState.Fatal)
                {
                    (fatal ??= []).Add(instance.Name);
                }
                else if (instance.State == InstanceState.Backoff)
                {
                    (backoff ??= []).Add(instance.Name);
                }
            }
        }

        HealthCheckResult result = status.State == SupervisorState.Fatal
            ? new HealthCheckResult(context.Registration.FailureStatus, "The supervisor tree gave up: its restart intensity was exceeded.", data: data)
            : fatal is not null
                ? new HealthCheckResult(context.Registration.FailureStatus, $"Fatal: {string.Join(", ", fatal)}.", data: data)
                : backoff is not null
                    ? HealthCheckResult.Degraded($"In backoff: {string.Join(", ", backoff)}.", data: data)
                    : HealthCheckResult.Healthy($"Supervisor {status.State}.", data);
        return Task.FromResult(result);
    }
}
