using Microsoft.Extensions.Logging;

namespace Supervision.AspNetCore;

/// <summary>The package's log messages: who acted on the tree is worth a line in the host's log.</summary>
internal static partial class Log
{
    public const string Category = "Supervision.AspNetCore";

    [LoggerMessage(EventId = 1, EventName = "ScaleRequested", Level = LogLevel.Information, Message = "Scale of {Type} to {Count} requested over HTTP by {User}")]
    public static partial void ScaleRequested(ILogger logger, string type, int count, string? user);

    [LoggerMessage(EventId = 2, EventName = "RestartRequested", Level = LogLevel.Information, Message = "Restart of {Type} (instance {Instance}; none: all, one at a time) requested over HTTP by {User}")]
    public static partial void RestartRequested(ILogger logger, string type, int? instance, string? user);

    [LoggerMessage(EventId = 3, EventName = "SignalRequested", Level = LogLevel.Information, Message = "Signal {Signal} to {Type} (instance {Instance}; none: every one running) requested over HTTP by {User}")]
    public static partial void SignalRequested(ILogger logger, string signal, string type, int? instance, string? user);
}
