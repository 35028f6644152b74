using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Supervision.Extensions.Health;

/// <summary>
/// Liveness of the host (a Kubernetes liveness probe): healthy while the supervisor tree supervises, the
/// registration's failure status once it gave up, when only a restart of the whole host can help. A hung instance is
/// the tree's to restart, not a reason to restart the host.
/// </summary>
internal sealed class SupervisionLivenessHealthCheck(ISupervisor supervisor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        SupervisorState state = supervisor.GetStatus().State;
        return Task.FromResult(state == SupervisorState.Fatal
            ? new HealthCheckResult(context.Registration.FailureStatus, "The supervisor tree gave up.")
            : HealthCheckResult.Healthy($"Supervisor {state}."));
    }
}
