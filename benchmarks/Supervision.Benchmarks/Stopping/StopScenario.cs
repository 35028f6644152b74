namespace Supervision.Benchmarks;

/// <summary>
/// One B5 formation: <paramref name="Children"/> test children in <c>sleep</c> mode (exit on SIGTERM), or with
/// <paramref name="HalfIgnore"/> every odd-numbered one in <c>ignore-term</c> mode, stopped with a
/// <paramref name="StopTimeout"/> after which the rest are killed. With <paramref name="DrainBehindShell"/> every child
/// is instead a Procfile-like <c>sh -c</c> line running a script that traps SIGTERM and drains for 1 s: the shell
/// leader dies at once, the stop must wait for the script (supervised only; by hand there is no group to wait for).
/// </summary>
internal sealed record StopScenario(string Name, int Children, bool HalfIgnore, TimeSpan StopTimeout, bool DrainBehindShell = false)
{
    /// <summary>Whether instance <paramref name="number"/> (from 1) ignores SIGTERM.</summary>
    public bool Ignores(int number) => HalfIgnore && number % 2 == 1;

    /// <summary>The raw baseline's command line for instance <paramref name="number"/>.</summary>
    public string[] CommandLine(int number) => TestChildProgram.CommandLine(Ignores(number) ? "ignore-term" : "sleep");

    /// <summary>
    /// The supervised type's command: one type (so every instance stops in parallel, as the raw baseline does),
    /// choosing the mode from <c>PS</c> (<c>stop.N</c>) the same way as <see cref="Ignores"/>. The shell
    /// <c>exec</c>s the child, so the supervised process is the test child itself.
    /// </summary>
    public (string Command, string[] Arguments) SupervisedCommand()
    {
        if (DrainBehindShell)
        {
            // The trailing command keeps the shell from exec-ing the script, as dash does for any Procfile line.
            return ("/bin/sh", ["-c", $"/bin/sh '{DrainScript.Value}'; exit $?"]);
        }

        string dll = TestChildProgram.Dll;
        return HalfIgnore
            ? ("/bin/sh", ["-c", $"case \"$PS\" in *[13579]) exec dotnet '{dll}' ignore-term;; *) exec dotnet '{dll}' sleep;; esac"])
            : ("dotnet", [dll, "sleep"]);
    }

    // "ready" once its sleep runs (a signal between a shell child's fork and exec is lost to the shell's trap).
    private static readonly Lazy<string> DrainScript = new(static () =>
    {
        string path = Path.Combine(Path.GetTempPath(), "supervision-b5-drain.sh");
        File.WriteAllText(path, "trap 'sleep 1; exit 0' TERM\nsleep 1000 &\nuntil grep -qa '^sleep' /proc/$!/cmdline; do :; done\necho ready\nwait\n");
        return path;
    });
}
