namespace Supervision.Tests.Procfiles;

public sealed class ProcfileTests
{
    [Fact]
    public void Parse_ReadsNameCommandLines_SkippingBlankLinesAndComments()
    {
        string text = "# the app\nweb: bundle exec puma -p $PORT\n\n  worker:   node worker.js --queue=a:b  \r\nclock:sh -c 'date; sleep 1'\n";

        Assert.Equal(
            [("web", "bundle exec puma -p $PORT"), ("worker", "node worker.js --queue=a:b"), ("clock", "sh -c 'date; sleep 1'")],
            Procfile.Parse(text, "Procfile"));
    }

    [Theory]
    [InlineData("web: a\nthis is not a process line\n", "Procfile:2: 'this is not a process line' is not 'name: command'")]
    [InlineData("web: a\n\n# c\nweb.1: b\n", "Procfile:4: 'web.1: b' is not 'name: command'")]
    [InlineData("web:\n", "Procfile:1: 'web:' is not 'name: command'")]
    [InlineData("web: a\nweb: b\n", "Procfile:2: the process type 'web' is declared twice.")]
    public void Parse_MalformedLine_FailsWithItsLineNumber(string text, string expected)
    {
        FormatException error = Assert.Throws<FormatException>(() => Procfile.Parse(text, "Procfile"));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
