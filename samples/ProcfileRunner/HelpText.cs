using System.CommandLine;

namespace ProcfileRunner;

/// <summary>
/// System.CommandLine's help, with the optional TYPE of <c>start</c> shown as optional in the list of commands
/// (<c>start [TYPE]</c>; the library writes <c>start &lt;TYPE&gt;</c> there whatever the arity).
/// </summary>
internal static class HelpText
{
    public static int Write(ParseResult parsed)
    {
        using var help = new StringWriter();
        int exitCode = parsed.Invoke(new InvocationConfiguration { Output = help });
        Console.Out.Write(help.ToString().Replace("  start <TYPE>", "  start [TYPE]", StringComparison.Ordinal));
        return exitCode;
    }
}
