using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Supervision.Extensions.Health;

/// <summary>
/// Readiness of the host for traffic (a Kubernetes readiness probe): healthy once the initial formation is up and
/// while every process type has a ready instance; the registration's failure status while starting, stopping, after
/// the tree gave up, or while a type has none ready. One instance restarting among others keeps the host ready.
/// </summary>
internal sealed class SupervisionReadinessHealthCheck(ISupervisor supervisor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        SupervisorStatus status = supervisor.GetStatus();
        string description = FormationReadiness.Describe(status);
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["state"] = status.State.ToString() };
        foreach (ProcessTypeStatus type in status.ProcessTypes)
        {
            data[type.Name] = FormationReadiness.ReadyCount(type);
        }

        return Task.FromResult(FormationReadiness.IsReady(status)
            ? HealthCheckResult.Healthy(description, data)
            : new HealthCheckResult(context.Registration.FailureStatus, $"Not ready ({status.State}): {description}.", data: data));
    }
}
