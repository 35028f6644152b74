using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Supervision;

/// <summary>Each line to the type's logger (category <c>Supervision.TYPE</c>): stdout at Information, stderr at Warning.</summary>
internal sealed partial class LogOutputSink(ILogger logger) : OutputSink
{
    public override void WriteLine(in ReadOnlySequence<byte> line, bool isError)
    {
        LogLevel level = isError ? LogLevel.Warning : LogLevel.Information;
        if (logger.IsEnabled(level))
        {
            string text = Encoding.UTF8.GetString(line);
            if (isError)
            {
                LogStderr(logger, text);
            }
            else
            {
                LogStdout(logger, text);
            }
        }
    }

    [LoggerMessage(20, LogLevel.Information, "{Line}", EventName = "Stdout")]
    private static partial void LogStdout(ILogger logger, string line);

    [LoggerMessage(21, LogLevel.Warning, "{Line}", EventName = "Stderr")]
    private static partial void LogStderr(ILogger logger, string line);
}
