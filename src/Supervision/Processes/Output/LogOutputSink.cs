using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging;
using System.Runtime.Versioning;

namespace Supervision.Processes.Output;

/// <summary>
/// Each line to the type's logger (category <c>Supervision.TYPE</c>) as <c>web.1 | line</c>, the instance's name first
/// as Foreman prints it, so the lines of web.1 and web.2 tell apart with any console format (the scope carries
/// type, instance and pid too): stdout at Information, stderr at Warning. A line
/// longer than <see cref="PieceLength"/> bytes is logged in pieces of that size, each but the last ending with
/// <c> [line continues]</c> (events <c>StdoutPart</c>/<c>StderrPart</c>).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class LogOutputSink(ILogger logger, string instance) : OutputSink
{
    /// <summary>
    /// The longest entry, in bytes of output: the size at which Docker and the Kubernetes runtime split lines too. A
    /// logger may queue its entries (the console logger holds up to 2,500, each a string of the line and one of the
    /// formatted entry), so the entry size is what bounds the memory an endless line costs: about 2,500 × 4 × 16 KiB,
    /// 160 MiB at most with the console logger's defaults, instead of gigabytes with 1 MiB pieces.
    /// </summary>
    public const int PieceLength = 16 * 1024;

    public override int MaxLineLength => PieceLength;

    public override void WriteLine(in ReadOnlySequence<byte> line, bool isError) => Write(line, isError, continues: false);

    public override void WritePiece(in ReadOnlySequence<byte> piece, bool isError) => Write(piece, isError, continues: true);

    private void Write(in ReadOnlySequence<byte> bytes, bool isError, bool continues)
    {
        if (!logger.IsEnabled(isError ? LogLevel.Warning : LogLevel.Information))
        {
            return;
        }

        string text = Encoding.UTF8.GetString(bytes);
        switch ((isError, continues))
        {
            case (false, false):
                LogStdout(logger, instance, text);
                break;
            case (true, false):
                LogStderr(logger, instance, text);
                break;
            case (false, true):
                LogStdoutPart(logger, instance, text);
                break;
            default:
                LogStderrPart(logger, instance, text);
                break;
        }
    }

    [LoggerMessage(20, LogLevel.Information, "{Instance} | {Line}", EventName = "Stdout")]
    private static partial void LogStdout(ILogger logger, string instance, string line);

    [LoggerMessage(21, LogLevel.Warning, "{Instance} | {Line}", EventName = "Stderr")]
    private static partial void LogStderr(ILogger logger, string instance, string line);

    [LoggerMessage(22, LogLevel.Information, "{Instance} | {Line} [line continues]", EventName = "StdoutPart")]
    private static partial void LogStdoutPart(ILogger logger, string instance, string line);

    [LoggerMessage(23, LogLevel.Warning, "{Instance} | {Line} [line continues]", EventName = "StderrPart")]
    private static partial void LogStderrPart(ILogger logger, string instance, string line);
}
