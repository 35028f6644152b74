using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Supervision.AspNetCore.Json;

namespace Supervision.AspNetCore.Endpoints;

/// <summary><c>GET status</c>: the whole tree as JSON.</summary>
internal static class StatusEndpoint
{
    public static JsonHttpResult<StatusResponse> Handle(ISupervisor supervisor) =>
        TypedResults.Json(supervisor.GetStatus().ToResponse(supervisor), SupervisionJsonContext.Default.StatusResponse);
}
