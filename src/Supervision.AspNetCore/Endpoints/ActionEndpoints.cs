using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Supervision.AspNetCore.Json;

namespace Supervision.AspNetCore.Endpoints;

/// <summary>
/// The POST actions. Each answers once the engine has done the work (the tree as JSON), or with an error naming the
/// cause. The work follows the host, not the request: a client that leaves does not cut a rolling restart in half.
/// </summary>
internal static class ActionEndpoints
{
    public static async Task<IResult> ScaleAsync(
        string type, HttpContext context, ISupervisor supervisor, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        (ScaleRequest? body, IResult? refusal) = await ReadBodyAsync(context, SupervisionJsonContext.Default.ScaleRequest, "{\"count\":N}");
        if (refusal is not null)
        {
            return refusal;
        }

        if (body?.Count is not { } count || count < 0)
        {
            return Error(StatusCodes.Status400BadRequest, "count: a number of instances, 0 or more");
        }

        ILogger logger = loggers.CreateLogger(Log.Category);
        Log.ScaleRequested(logger, type, count, context.User.Identity?.Name);
        return await RunAsync(supervisor, () => supervisor.ScaleAsync(type, count, lifetime.ApplicationStopping));
    }

    public static Task<IResult> SignalTypeAsync(
        string type, HttpContext context, ISupervisor supervisor, IHostApplicationLifetime lifetime, ILoggerFactory loggers) =>
        SignalAsync(type, null, context, supervisor, lifetime, loggers);

    public static Task<IResult> SignalInstanceAsync(
        string type, int instance, HttpContext context, ISupervisor supervisor, IHostApplicationLifetime lifetime, ILoggerFactory loggers) =>
        SignalAsync(type, instance, context, supervisor, lifetime, loggers);

    private static async Task<IResult> SignalAsync(
        string type, int? instance, HttpContext context, ISupervisor supervisor, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        (SignalRequest? body, IResult? refusal) = await ReadBodyAsync(context, SupervisionJsonContext.Default.SignalRequest, "{\"signal\":\"HUP\"}");
        if (refusal is not null)
        {
            return refusal;
        }

        if (body?.Signal is not { } signal || !SignalName.TryParse(signal, out _))
        {
            return Error(StatusCodes.Status400BadRequest, "signal: a signal name such as HUP or SIGUSR1, or a number from 1 to 64");
        }

        ILogger logger = loggers.CreateLogger(Log.Category);
        Log.SignalRequested(logger, signal, type, instance, context.User.Identity?.Name);
        return await RunAsync(supervisor, () => supervisor.SignalAsync(type, instance, signal, lifetime.ApplicationStopping));
    }

    private static async Task<(T? Body, IResult? Refusal)> ReadBodyAsync<T>(HttpContext context, JsonTypeInfo<T> type, string shape)
    {
        if (!context.Request.HasJsonContentType())
        {
            return (default, Error(StatusCodes.Status415UnsupportedMediaType, $"the body must be JSON: {shape}"));
        }

        try
        {
            return (await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted), null);
        }
        catch (JsonException)
        {
            return (default, Error(StatusCodes.Status400BadRequest, $"the body must be JSON: {shape}"));
        }
    }

    public static Task<IResult> RestartTypeAsync(
        string type, HttpContext context, ISupervisor supervisor, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        ILogger logger = loggers.CreateLogger(Log.Category);
        Log.RestartRequested(logger, type, null, context.User.Identity?.Name);
        return RunAsync(supervisor, () => supervisor.RestartAsync(type, null, lifetime.ApplicationStopping));
    }

    public static Task<IResult> RestartInstanceAsync(
        string type, int instance, HttpContext context, ISupervisor supervisor, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        ILogger logger = loggers.CreateLogger(Log.Category);
        Log.RestartRequested(logger, type, instance, context.User.Identity?.Name);
        return RunAsync(supervisor, () => supervisor.RestartAsync(type, instance, lifetime.ApplicationStopping));
    }

    private static async Task<IResult> RunAsync(ISupervisor supervisor, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (ArgumentOutOfRangeException)
        {
            return Error(StatusCodes.Status404NotFound, "no such instance");
        }
        catch (ArgumentException)
        {
            return Error(StatusCodes.Status404NotFound, "no such process type");
        }
        catch (InvalidOperationException e)
        {
            return Error(StatusCodes.Status409Conflict, e.Message);
        }
        catch (OperationCanceledException)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "the host is stopping");
        }

        return StatusEndpoint.Handle(supervisor);
    }

    private static JsonHttpResult<ErrorResponse> Error(int statusCode, string message) =>
        TypedResults.Json(new ErrorResponse(message), SupervisionJsonContext.Default.ErrorResponse, statusCode: statusCode);
}
