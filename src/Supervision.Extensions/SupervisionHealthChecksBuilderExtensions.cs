using Microsoft.Extensions.Diagnostics.HealthChecks;
using Supervision;
using Supervision.Extensions.Health;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Supervision health checks to an <see cref="IHealthChecksBuilder"/>.</summary>
public static class SupervisionHealthChecksBuilderExtensions
{
    /// <summary>The default name of the health check.</summary>
    public const string DefaultName = "supervision";

    /// <summary>The default name of the readiness check.</summary>
    public const string ReadinessName = "supervision-ready";

    /// <summary>The default name of the liveness check.</summary>
    public const string LivenessName = "supervision-live";

    /// <summary>The tag of the readiness check: <c>MapHealthChecks("/ready", new() { Predicate = r =&gt; r.Tags.Contains("ready") })</c>.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The tag of the liveness check.</summary>
    public const string LiveTag = "live";

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

    /// <summary>
    /// Adds a readiness check, tagged <c>ready</c>: Healthy once the initial formation is ready and while every process
    /// type has a ready instance; <paramref name="failureStatus"/> while the host starts or stops, after the tree gave
    /// up, or while a type has no ready instance. Serve it as a Kubernetes readiness probe.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; defaults to <c>supervision-ready</c>.</param>
    /// <param name="failureStatus">The status reported on failure; defaults to <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">More tags, besides <c>ready</c>.</param>
    /// <returns>The health checks builder.</returns>
    public static IHealthChecksBuilder AddSupervisionReadiness(this IHealthChecksBuilder builder, string name = ReadinessName, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.Add(new HealthCheckRegistration(name, static sp => new SupervisionReadinessHealthCheck(sp.GetRequiredService<ISupervisor>()), failureStatus, [ReadyTag, .. tags ?? []]));
    }

    /// <summary>
    /// Adds a liveness check, tagged <c>live</c>: Healthy while the supervisor tree supervises (hung instances are its
    /// own to restart); <paramref name="failureStatus"/> once it gave up. Serve it as a Kubernetes liveness probe.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; defaults to <c>supervision-live</c>.</param>
    /// <param name="failureStatus">The status reported on failure; defaults to <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">More tags, besides <c>live</c>.</param>
    /// <returns>The health checks builder.</returns>
    public static IHealthChecksBuilder AddSupervisionLiveness(this IHealthChecksBuilder builder, string name = LivenessName, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.Add(new HealthCheckRegistration(name, static sp => new SupervisionLivenessHealthCheck(sp.GetRequiredService<ISupervisor>()), failureStatus, [LiveTag, .. tags ?? []]));
    }
}
