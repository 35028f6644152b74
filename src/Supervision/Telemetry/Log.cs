using Microsoft.Extensions.Logging;

namespace Supervision.Telemetry;

/// <summary>Every log entry of the supervisor tree, source-generated, with fixed event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Started {Name} (restarts: {RestartCount})", EventName = "InstanceStarted")]
    public static partial void InstanceStarted(ILogger logger, string name, int restartCount);

    [LoggerMessage(2, LogLevel.Information, "{Name} exited: {Exit}", EventName = "InstanceExited")]
    public static partial void InstanceExited(ILogger logger, string name, ProcessExit exit);

    [LoggerMessage(3, LogLevel.Error, "{Name} failed: {Exit}", EventName = "InstanceFailed")]
    public static partial void InstanceFailed(ILogger logger, string name, ProcessExit exit, Exception? exception);

    [LoggerMessage(5, LogLevel.Information, "Restarting {Name} in {Delay} (backoff attempt {Attempt})", EventName = "RestartScheduled")]
    public static partial void RestartScheduled(ILogger logger, string name, TimeSpan delay, int attempt);

    [LoggerMessage(6, LogLevel.Information, "{Name} is not restarted (restart policy {Policy})", EventName = "NotRestarted")]
    public static partial void NotRestarted(ILogger logger, string name, RestartPolicy policy);

    [LoggerMessage(7, LogLevel.Warning, "{Name} did not stop within its stop timeout of {StopTimeout}; the stop goes on without it", EventName = "StopTimedOut")]
    public static partial void StopTimedOut(ILogger logger, string name, TimeSpan stopTimeout);

    [LoggerMessage(8, LogLevel.Debug, "Stopped {Name}", EventName = "InstanceStopped")]
    public static partial void InstanceStopped(ILogger logger, string name);

    [LoggerMessage(9, LogLevel.Error, "Supervisor {Supervisor} exceeded {MaxRestarts} restarts in {RestartWindow}: stopping its children and escalating", EventName = "Escalated")]
    public static partial void Escalated(ILogger logger, string supervisor, int maxRestarts, TimeSpan restartWindow);

    [LoggerMessage(10, LogLevel.Critical, "The supervisor control loop of {Supervisor} failed", EventName = "LoopFailed")]
    public static partial void LoopFailed(ILogger logger, string supervisor, Exception exception);

    [LoggerMessage(13, LogLevel.Error, "Reading the output of {Name} failed; the rest of its output is lost", EventName = "OutputFailed")]
    public static partial void OutputFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(14, LogLevel.Warning, "The host was started with its stdout closed: the {Output} output of {Type} (and of every other child type writing to stdout) is dropped. Start the host with stdout on /dev/null or a file to keep it", EventName = "OutputDropped")]
    public static partial void OutputDropped(ILogger logger, string type, ChildOutputMode output);

    [LoggerMessage(11, LogLevel.Information, "Scaling {Type} from {From} to {To} instance(s)", EventName = "Scaling")]
    public static partial void Scaling(ILogger logger, string type, int from, int to);

    [LoggerMessage(16, LogLevel.Information, "{Name} is ready", EventName = "InstanceReady")]
    public static partial void InstanceReady(ILogger logger, string name);

    [LoggerMessage(15, LogLevel.Warning, "{Name} {Why}: stopping it", EventName = "Unresponsive")]
    public static partial void Unresponsive(ILogger logger, string name, string why);

    [LoggerMessage(41, LogLevel.Information, "{Name} says it is stopping (STOPPING=1)", EventName = "ReportedStopping")]
    public static partial void ReportedStopping(ILogger logger, string name);

    [LoggerMessage(12, LogLevel.Information, "Restarting {Name} on request", EventName = "RestartRequested")]
    public static partial void RestartRequested(ILogger logger, string name);

    [LoggerMessage(17, LogLevel.Information, "{Name} ended for good ({Exit}): it is not restarted, whatever its restart policy", EventName = "EndedForGood")]
    public static partial void EndedForGood(ILogger logger, string name, ProcessExit exit);

    [LoggerMessage(18, LogLevel.Information, "{Name} completed: the init step is done, and what waits for it starts", EventName = "InitStepCompleted")]
    public static partial void InitStepCompleted(ILogger logger, string name);

    [LoggerMessage(19, LogLevel.Information, "Supervisor {Supervisor} shuts down (AutoShutdown {AutoShutdown}): its significant child {Name} ended ({Exit})", EventName = "AutoShutdown")]
    public static partial void AutoShutdown(ILogger logger, string supervisor, AutoShutdown autoShutdown, string name, ProcessExit exit);

    [LoggerMessage(20, LogLevel.Critical, "{Name} failed in a way that is fatal for the whole tree: every supervisor up to the root stops", EventName = "TreeTerminated")]
    public static partial void TreeTerminated(ILogger logger, string name, Exception? exception);

    [LoggerMessage(21, LogLevel.Information, "Restarting {Name} as planned ({Why})", EventName = "PlannedRestart")]
    public static partial void PlannedRestart(ILogger logger, string name, string why);
}
