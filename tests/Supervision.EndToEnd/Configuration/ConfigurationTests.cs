using Supervision.EndToEnd.Fakes;

namespace Supervision.EndToEnd.Configuration;

/// <summary>R5: every kind of bad configuration stops the host before anything runs, naming the key; a bad reload changes nothing.</summary>
public sealed class ConfigurationTests
{
    private const string Sleeper = "--Supervision:ProcessTypes:sleeper:";
    private const string Ghost = "--Supervision:ProcessTypes:ghost:";

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData("Supervision:Formation: unknown process type 'wrker'", "--Supervision:Formation=wrker=1")]
    [InlineData("Supervision:Formation: 'sleeper=two'", "--Supervision:Formation=sleeper=two")]
    [InlineData("Supervision:Only: unknown process type 'wrker'", "--Supervision:Only=wrker")]
    [InlineData("Supervision:ProcessTypes:sleeper:Count: must be 0 or more, was '-1'.", Sleeper + "Count=-1")]
    [InlineData("Supervision:ProcessTypes:sleeper:Count", Sleeper + "Count=two")]
    [InlineData("Supervision:ProcessTypes:sleeper:StopTimeout: must be positive, was '00:00:00'.", Sleeper + "StopTimeout=00:00:00")]
    [InlineData("Supervision:RestartWindow: must be positive, was '-00:00:01'.", "--Supervision:RestartWindow=-00:00:01")]
    [InlineData("Supervision:MaxRestarts: must be -1 (never give up) or more, was '-2'.", "--Supervision:MaxRestarts=-2")]
    [InlineData("Supervision:ProcessTypes:sleeper:Backoff:Multiplier: must be 1 or more, was '0.5'.", Sleeper + "Backoff:Multiplier=0.5")]
    [InlineData("Supervision:ProcessTypes:sleeper:Backoff:Jitter: must be between 0 and 1, was '1.5'.", Sleeper + "Backoff:Jitter=1.5")]
    [InlineData("Supervision:ProcessTypes:sleeper:Backoff:Jitter: must be between 0 and 1, was '-0.1'.", Sleeper + "Backoff:Jitter=-0.1")]
    [InlineData("Supervision:ProcessTypes:sleeper:Backoff:Max: must be at least Initial (00:00:05)", Sleeper + "Backoff:Initial=00:00:05", Sleeper + "Backoff:Max=00:00:01")]
    [InlineData("Supervision:ProcessTypes:sleeper:Cuont: unknown setting 'Cuont'", Sleeper + "Cuont=2")]
    [InlineData("Supervision:ProcessTypes:ghost:Command: The command is empty.", Ghost + "Command=", Ghost + "Arguments:0=x")]
    [InlineData("Supervision:ProcessTypes:ghost:Command: The command '/nonexistent/r5' does not exist", Ghost + "Command=/nonexistent/r5")]
    [InlineData("Supervision:ProcessTypes:ghost:Command: The command '/etc/passwd' is not executable", Ghost + "Command=/etc/passwd")]
    [InlineData("Supervision:ProcessTypes:ghost:WorkingDirectory: The working directory '/nonexistent/dir'", Ghost + "Command=/bin/true", Ghost + "WorkingDirectory=/nonexistent/dir")]
    [InlineData("Supervision:ProcessTypes:ghost:StopSignal: must be a signal name", Ghost + "Command=/bin/true", Ghost + "StopSignal=SIGFOO")]
    public async Task R5_an_invalid_configuration_fails_the_start_with_a_non_zero_exit_naming_the_key(string message, params string[] args)
    {
        using HostRun host = HostRun.TestHost(["--Supervision:Only=sleeper", .. args]);

        int exitCode = await host.WaitForExitAsync();

        Assert.True(exitCode != 0, "exit code 0; output:\n" + host.Output);
        Assert.Contains(message, host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Started sleeper.1", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Application started", host.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task R5_an_invalid_hot_reload_is_logged_and_ignored_the_running_formation_is_untouched()
    {
        string root = Directory.CreateTempSubdirectory("reliability-r5-").FullName;
        string settings = Path.Combine(root, "appsettings.json");
        try
        {
            await File.WriteAllTextAsync(settings, Settings(count: 2, jitter: "0.1"), TestContext.Current.CancellationToken);
            using HostRun host = HostRun.TestHost(TimeSpan.Zero, s => s.Environment["DOTNET_USE_POLLING_FILE_WATCHER"] = "true", "--contentRoot", root);
            await host.WaitForLineAsync("Application started");
            await host.WaitForLineAsync("Started sleeper.2");

            await File.WriteAllTextAsync(settings, Settings(count: 3, jitter: "1.5"), TestContext.Current.CancellationToken);
            HostRun.Line ignored = await host.WaitForLineAsync("Configuration reload ignored");
            Assert.Contains("Jitter", ignored.Text, StringComparison.Ordinal);

            // A good edit after it still applies: the bad one changed nothing in between.
            int mark = host.Lines().Count;
            await File.WriteAllTextAsync(settings, Settings(count: 1, jitter: "0.1"), TestContext.Current.CancellationToken);
            await host.WaitForLineAsync("Scaling sleeper from 2 to 1", mark);
            host.Signal(Posix.SIGTERM);
            int exitCode = await host.WaitForExitAsync();

            Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{host.Output}");
            Assert.DoesNotContain("to 3", host.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Started sleeper.3", host.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("restarts: 1", host.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Settings(int count, string jitter) =>
        $$"""{ "Supervision": { "Only": "sleeper", "ProcessTypes": { "sleeper": { "Count": {{count}}, "Backoff": { "Jitter": {{jitter}} } } } } }""";
}
