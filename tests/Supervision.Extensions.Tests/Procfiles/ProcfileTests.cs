namespace Supervision.Tests.Procfiles;

public sealed class ProcfileTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public void Parse_ReadsNameCommandLines_SkippingBlankLinesAndComments()
    {
        string text = "# the app\nweb: bundle exec puma -p $PORT\n\nworker:   node worker.js --queue=a:b  \r\nclock:sh -c 'date; sleep 1'\n   # indented comment\n";

        Procfile procfile = Procfile.Parse(text, "Procfile");

        Assert.Equal(
            [("web", "bundle exec puma -p $PORT", 2), ("worker", "node worker.js --queue=a:b", 4), ("clock", "sh -c 'date; sleep 1'", 5)],
            procfile.Entries.Select(static e => (e.Name, e.Command, e.Line)));
        Assert.Empty(procfile.Warnings);
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData("web: a\n.listen(process.env.PORT || 5000)\n", 2, ".listen(process.env.PORT || 5000)")]
    [InlineData("web: a\ns\n", 2, "s")]
    [InlineData("web: a\n  worker: b\n", 2, "  worker: b")]
    [InlineData("web: a\nworker : b\n", 2, "worker : b")]
    [InlineData("\uFEFFworker: b\nweb: a\n", 1, "\uFEFFworker: b")]
    [InlineData("web: a\nweb.1: b\n", 2, "web.1: b")]
    [InlineData("web: a\nworker:\n", 2, "worker:")]
    public void Parse_LineForemanIgnores_IsIgnoredWithAWarningNamingIt(string text, int line, string content)
    {
        Procfile procfile = Procfile.Parse(text, "Procfile");

        Assert.Equal(["web"], procfile.Entries.Select(static e => e.Name));
        string warning = Assert.Single(procfile.Warnings);
        Assert.Equal($"Procfile:{line}: ignored, as Foreman ignores it: '{content}' is not 'name: command' with the name at the start of the line.", warning);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public void Parse_EveryProblem_IsReportedAtOnce_OneLineEach()
    {
        string text = "web: a\nweb: b\nwor\0ker: c\nclock: d\rother: e\nWEB: f\nrelease:  \n";

        FormatException error = Assert.Throws<FormatException>(() => Procfile.Parse(text, "Procfile"));

        Assert.Equal(
            [
                "Procfile:2: the process type 'web' is already declared on line 1; give each line its own name (for example 'web2').",
                "Procfile:3: the line holds a NUL byte; a Procfile is text.",
                "Procfile:4: a carriage return ('\\r') inside the line; lines must end with '\\n' or '\\r\\n'.",
                "Procfile:5: the process type 'WEB' is already declared on line 1; give each line its own name (for example 'WEB2').",
                "Procfile:6: the process type 'release' has no command; write 'release: <command>' or remove the line.",
            ],
            error.Message.Split('\n'));
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData("web: a\nworker: \n")]
    [InlineData("web: a\nworker:\t  \r\n")]
    public void Parse_NameWithBlanksOnly_FailsNamingTheLine_WhereForemanWouldRunNothing(string text)
    {
        FormatException error = Assert.Throws<FormatException>(() => Procfile.Parse(text, "Procfile"));
        Assert.Equal("Procfile:2: the process type 'worker' has no command; write 'worker: <command>' or remove the line.", error.Message);
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData("")]
    [InlineData("# only a comment\n\n")]
    [InlineData("not a process\n")]
    public void Parse_NoProcess_FailsLikeForeman(string text)
    {
        FormatException error = Assert.Throws<FormatException>(() => Procfile.Parse(text, "Procfile"));
        Assert.Equal("Procfile: no processes defined.", error.Message);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public void Parse_CarriageReturnOnlyLineEndings_FailInsteadOfJoiningTheLines()
    {
        FormatException error = Assert.Throws<FormatException>(() => Procfile.Parse("web: a\rworker: b\r", "Procfile"));
        Assert.StartsWith("Procfile:1: a carriage return ('\\r') inside the line", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public void Read_KeepsTheByteOrderMark_SoTheFirstLineIsIgnoredAsForemanDoes()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "web: a\nworker: b\n"u8]);

            Procfile procfile = Procfile.Read(path);

            Assert.Equal(["worker"], procfile.Entries.Select(static e => e.Name));
            Assert.StartsWith($"{path}:1: ignored", Assert.Single(procfile.Warnings), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public void Read_DirectoryOrMissingFile_FailsNamingThePath()
    {
        string directory = Path.GetTempPath().TrimEnd('/');
        Assert.Equal($"{directory} is a directory, not a Procfile.", Assert.Throws<IOException>(() => Procfile.Read(directory)).Message);
        string missing = Path.Combine(directory, Guid.NewGuid().ToString("N"));
        Assert.Equal($"{missing}: no such Procfile.", Assert.Throws<IOException>(() => Procfile.Read(missing)).Message);
    }
}
