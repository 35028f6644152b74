using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Supervision;
using Supervision.AspNetCore.Dashboard;
using Supervision.AspNetCore.Endpoints;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Supervision operations endpoints and dashboard on an <see cref="IEndpointRouteBuilder"/>.</summary>
public static class SupervisionEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, under <paramref name="prefix"/>: the dashboard page (<c>GET {prefix}/</c>), the tree as JSON
    /// (<c>GET {prefix}/status</c>), its events as Server-Sent Events (<c>GET {prefix}/events</c>) and the actions
    /// (<c>POST {prefix}/types/{type}/scale</c> with <c>{"count":N}</c>, <c>POST {prefix}/types/{type}/restart</c> for a
    /// rolling restart, <c>POST {prefix}/types/{type}/instances/{n}/restart</c>, and
    /// <c>POST {prefix}/types/{type}/signal</c> or <c>POST {prefix}/types/{type}/instances/{n}/signal</c> with
    /// <c>{"signal":"HUP"}</c>). The status gives each child instance's recent output lines.
    /// </summary>
    /// <remarks>
    /// Every endpoint requires the application's default authorization policy unless
    /// <see cref="SupervisionEndpointOptions.AllowAnonymous"/> is set. Actions also require the <c>X-Supervision</c>
    /// request header and refuse requests whose <c>Origin</c> or <c>Sec-Fetch-Site</c> says they come from another
    /// site, so a cross-site form cannot trigger them.
    /// </remarks>
    /// <param name="endpoints">The endpoint route builder, usually the <c>WebApplication</c>.</param>
    /// <param name="prefix">The route prefix, for example <c>/supervision</c>.</param>
    /// <param name="configure">Changes the defaults of <see cref="SupervisionEndpointOptions"/>.</param>
    /// <returns>The endpoint group, to chain more conventions: <c>RequireAuthorization("ops")</c>, <c>RequireHost</c>, rate limiting.</returns>
    public static RouteGroupBuilder MapSupervision(
        this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix, Action<SupervisionEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var options = new SupervisionEndpointOptions();
        configure?.Invoke(options);

        RouteGroupBuilder group = endpoints.MapGroup(prefix);
        if (options.AllowAnonymous)
        {
            group.AllowAnonymous();
        }
        else
        {
            group.RequireAuthorization();
        }

        DashboardEndpoints.Map(group, options.ReadOnly);
        group.MapGet("status", StatusEndpoint.Handle);
        group.MapGet("events", EventStreamEndpoint.HandleAsync);
        if (!options.ReadOnly)
        {
            RouteGroupBuilder actions = group.MapGroup(string.Empty);
            actions.AddEndpointFilter(CrossSiteRequestFilter.InvokeAsync);
            actions.MapPost("types/{type}/scale", ActionEndpoints.ScaleAsync);
            actions.MapPost("types/{type}/restart", ActionEndpoints.RestartTypeAsync);
            actions.MapPost("types/{type}/instances/{instance:int}/restart", ActionEndpoints.RestartInstanceAsync);
            actions.MapPost("types/{type}/signal", ActionEndpoints.SignalTypeAsync);
            actions.MapPost("types/{type}/instances/{instance:int}/signal", ActionEndpoints.SignalInstanceAsync);
        }

        return group;
    }
}
