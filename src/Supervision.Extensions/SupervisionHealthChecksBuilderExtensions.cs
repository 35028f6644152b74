using Microsoft.Extensions.Diagnostics.HealthChecks;
using Supervision;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Supervision health check to an <see cref="IHealthChecksBuilder"/>.</summary>
public static class SupervisionHealthChecksBuilderExtensions
{
    /// <summary>The default name of the health check.</summary>
    public const string DefaultName = "supervision";

    /// <summary>
    /// Adds a health check on the supervisor tree: Healthy; Degraded while any instance waits in backoff;
    /// <paramref name="failureStatus"/> once the tree gave up or a process type has a Fatal instance.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; defaults to <c>supervision</c>.</param>
    /// <param name="failureStatus">The status reported on failure; defaults to <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter the check by, for example in a readiness endpoint.</param>
    /// <returns>The health checks builder.</returns>
    public static IHealthChecksBuilder AddSupervision(this IHealthChecksBuilder builder, string name = DefaultName, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.Add(new HealthCheckRegistration(name, static sp => new SupervisionHealthCheck(sp.GetRequiredService<ISupervisor>()), failureStatus, tags));
    }
}
