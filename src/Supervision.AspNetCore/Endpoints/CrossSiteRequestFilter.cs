using Microsoft.AspNetCore.Http;
using Supervision.AspNetCore.Json;

namespace Supervision.AspNetCore.Endpoints;

/// <summary>
/// Refuses an action that another site could have sent with the user's cookies. A cross-site HTML form can only send
/// simple requests, so requiring the <c>X-Supervision</c> header is enough on its own (a script on another origin would
/// need a CORS preflight the app does not grant); <c>Origin</c> and <c>Sec-Fetch-Site</c> refuse the rest early.
/// </summary>
internal static class CrossSiteRequestFilter
{
    public const string HeaderName = "X-Supervision";

    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        string? refusal = Check(context.HttpContext.Request);
        return refusal is null
            ? await next(context)
            : TypedResults.Json(new ErrorResponse(refusal), SupervisionJsonContext.Default.ErrorResponse, statusCode: StatusCodes.Status403Forbidden);
    }

    private static string? Check(HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.Headers[HeaderName]))
        {
            return $"an action needs the {HeaderName} request header (a cross-site form cannot send it)";
        }

        if (string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            return "an action cannot come from another site";
        }

        string? origin = request.Headers.Origin;
        if (!string.IsNullOrEmpty(origin)
            && (!Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            return "an action cannot come from another origin";
        }

        return null;
    }
}
