namespace Supervision.Benchmarks;

/// <summary>
/// B4's producer, the same program for every contender (raw loop, Supervision, Foreman): the test child's
/// <c>lines N</c> mode, which writes <c>line 1</c> … <c>line N</c> through a 64 KiB buffer and exits.
/// </summary>
internal static class LineProducer
{
    public static string[] CommandLine(long lines) => TestChildProgram.CommandLine("lines", lines.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
