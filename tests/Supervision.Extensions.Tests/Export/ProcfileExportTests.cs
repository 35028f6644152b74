using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Supervision.Extensions.Tests.Fakes;

namespace Supervision.Extensions.Tests.Export;

public sealed class ProcfileExportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("export-procfile-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExportFormationAsync_Procfile_RoundTripsAProcfileThroughTheParser()
    {
        const string Original = "web: exec sleep 100 \"$PORT\" # a comment sh reads\nworker: echo '50% done' && exec sleep 100\n";
        File.WriteAllText(Path.Combine(_dir.FullName, "Procfile"), Original);
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.AddProcfile(Path.Combine(_dir.FullName, "Procfile"));
        using IHost host = builder.Build();

        string file = Assert.Single(await host.ExportFormationAsync(FormationExportFormat.Procfile, _dir.FullName, new FormationExportOptions { AppName = "shop" }));

        Assert.Equal(
            Procfile.Parse(Original, "original").Entries.Select(static e => (e.Name, e.Command)),
            Procfile.Parse(File.ReadAllText(file), file).Entries.Select(static e => (e.Name, e.Command)));
        Assert.Contains("# formation: web=1,worker=1", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExportFormationAsync_Procfile_QuotesArgumentsAndVariablesSoThatShReadsThemBackUnchanged()
    {
        using IHost host = ExportFixtures.Build();

        string file = Assert.Single(await host.ExportFormationAsync(
            FormationExportFormat.Procfile, _dir.FullName, new FormationExportOptions { AppName = "shop", HostCommand = ["/opt/shop/shop host"] }));
        IReadOnlyList<ProcfileEntry> lines = Procfile.Parse(File.ReadAllText(file), file).Entries;

        Assert.Equal(["worker", "web", "clock"], lines.Select(l => l.Name));
        string worker = lines[0].Command;
        Assert.EndsWith("exec '/opt/shop/shop host' --process-type worker --Supervision:Formation=worker=1", worker, StringComparison.Ordinal);

        // The web line, run by the real sh with `exec sleep` swapped for a program that prints its arguments and the variable.
        string web = lines[1].Command.Replace("exec sleep 100 \"$PORT\"", "printf '%s\\n' \"$GREETING\" \"$PWD\"", StringComparison.Ordinal);
        Assert.Equal([ExportFixtures.TrickyValue, Environment.CurrentDirectory], await ShAsync(web));
        Assert.Equal(["<it's><$HOME><a  b><%s>"], await ShAsync(await ProcfileLineOfAsync("printf", "<%s>", "it's", "$HOME", "a  b", "%s")));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExportFormationAsync_Procfile_RefusesAVariableThatCannotBeOneLine_AndWritesNothing()
    {
        using IHost host = ExportFixtures.Build(("Supervision:ProcessTypes:web:Environment:MOTD", "two\nlines"));

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => host.ExportFormationAsync(FormationExportFormat.Procfile, _dir.FullName));

        Assert.Contains("'web'", exception.Message, StringComparison.Ordinal);
        Assert.Empty(_dir.GetFiles());
    }

    private async Task<string> ProcfileLineOfAsync(string command, params string[] arguments)
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.AddChildProcessType("p", command, arguments, o => o.WorkingDirectory = _dir.FullName);
        using IHost host = builder.Build();
        string file = (await host.ExportFormationAsync(FormationExportFormat.Procfile, _dir.FullName)).Single();
        return Procfile.Parse(File.ReadAllText(file), file).Entries.Single().Command;
    }

    /// <summary>Runs <paramref name="line"/> as Foreman does, with <c>/bin/sh -c</c>, in the export directory.</summary>
    private async Task<string[]> ShAsync(string line)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, WorkingDirectory = _dir.FullName };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(line);
        using var process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TestTimeouts.Wait);
        Assert.True(process.ExitCode == 0, $"sh -c {line} exited with {process.ExitCode}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
