namespace Supervision.Tests.Procfiles;

public sealed class DotEnvTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public void Parse_FollowsForemanRules()
    {
        string text = """
            # settings
            PLAIN=value
            export EXPORTED=yes
            SINGLE='literal $HOME \n'
            DOUBLE="line one\nline \"two\""
            SPACED = padded   # a comment
            EMPTY=
            EQUALS=a=b
            """;

        Dictionary<string, string> env = DotEnv.Parse(text, ".env");

        Assert.Equal("value", env["PLAIN"]);
        Assert.Equal("yes", env["EXPORTED"]);
        Assert.Equal("literal $HOME \\n", env["SINGLE"]);
        Assert.Equal("line one\nline \"two\"", env["DOUBLE"]);
        Assert.Equal("padded", env["SPACED"]);
        Assert.Equal(string.Empty, env["EMPTY"]);
        Assert.Equal("a=b", env["EQUALS"]);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public void Parse_LineWithoutEquals_FailsWithItsLineNumber()
    {
        FormatException error = Assert.Throws<FormatException>(() => DotEnv.Parse("A=1\nnot a variable\n", ".env"));
        Assert.Equal(".env:2: 'not a variable' is not KEY=value.", error.Message);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public void Parse_EveryBadLine_IsReportedAtOnce_NulIncluded()
    {
        FormatException error = Assert.Throws<FormatException>(() => DotEnv.Parse("A=1\nnot a variable\nB=a\0ExecStartPre=/bin/false\nC=\"x\"\n-D=1\n", ".env"));

        Assert.Equal(
            [".env:2: 'not a variable' is not KEY=value.", ".env:3: the line holds a NUL byte; an env file is text.", ".env:5: '-D=1' is not KEY=value."],
            error.Message.Split('\n'));
    }
}
