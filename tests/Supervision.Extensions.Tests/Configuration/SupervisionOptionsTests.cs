using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Supervision.Extensions.Tests.Fakes;

namespace Supervision.Extensions.Tests.Configuration;

public sealed class SupervisionOptionsTests
{
    private static SupervisionOptions Options(HostApplicationBuilder builder)
    {
        using IHost host = builder.Build();
        return host.Services.GetRequiredService<IOptions<SupervisionOptions>>().Value;
    }

    [Fact]
    public void Binding_ConfigurationOverridesCodeDefaults_KeyByKey()
    {
        HostApplicationBuilder builder = TestHosts.Builder(
            ("Supervision:Strategy", "RestForOne"),
            ("Supervision:ProcessTypes:worker:Count", "2"),
            ("Supervision:ProcessTypes:worker:Backoff:Max", "00:00:05"));
        builder.Services.AddSupervision(o =>
        {
            o.Strategy = SupervisionStrategy.OneForAll;
            o.MaxRestarts = 9;
        });
        builder.AddProcessType<IdleWorker>("worker", o =>
        {
            o.Count = 4;
            o.Restart = RestartPolicy.Never;
            o.Backoff.Initial = TimeSpan.FromSeconds(1);
        });

        SupervisionOptions options = Options(builder);

        Assert.Equal(SupervisionStrategy.RestForOne, options.Strategy);
        Assert.Equal(9, options.MaxRestarts);
        ProcessTypeOptions worker = options.ProcessTypes["WORKER"];
        Assert.Equal(2, worker.Count);
        Assert.Equal(RestartPolicy.Never, worker.Restart);
        Assert.Equal(TimeSpan.FromSeconds(1), worker.Backoff.Initial);
        Assert.Equal(TimeSpan.FromSeconds(5), worker.Backoff.Max);
    }

    [Fact]
    public void Binding_Defaults_AreTheDocumentedOnes()
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.AddProcessType<IdleWorker>();

        SupervisionOptions options = Options(builder);

        Assert.Equal((SupervisionStrategy.OneForOne, 5, TimeSpan.FromSeconds(30)), (options.Strategy, options.MaxRestarts, options.RestartWindow));
        ProcessTypeOptions type = options.ProcessTypes["idle-worker"];
        Assert.Equal((1, RestartPolicy.Always, TimeSpan.FromSeconds(10)), (type.Count, type.Restart, type.StopTimeout));
        Assert.Equal(
            (TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), 2.0, 0.1, TimeSpan.FromSeconds(30)),
            (type.Backoff.Initial, type.Backoff.Max, type.Backoff.Multiplier, type.Backoff.Jitter, type.Backoff.ResetAfter));
    }

    [Fact]
    public void Binding_GroupSettings_CodeDefaultsThenConfiguration()
    {
        HostApplicationBuilder builder = TestHosts.Builder(("Supervision:Groups:pipeline:MaxRestarts", "1"));
        builder.Services.AddSupervision().AddProcessGroup("pipeline", g =>
        {
            g.Strategy = SupervisionStrategy.RestForOne;
            g.MaxRestarts = 7;
            g.AddProcessType<IdleWorker>("reader");
        });

        ProcessGroupOptions group = Options(builder).Groups["pipeline"];

        Assert.Equal(SupervisionStrategy.RestForOne, group.Strategy);
        Assert.Equal(1, group.MaxRestarts);
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData("web=2,worker=4", 2, 4)]
    [InlineData("all=3", 3, 3)]
    [InlineData("all=1, worker=0", 1, 0)]
    [InlineData("worker=5", 1, 5)]
    public async Task Formation_OverridesCounts_LikeForemanDashM(string formation, int web, int worker)
    {
        HostApplicationBuilder builder = TestHosts.Builder(("Supervision:Formation", formation));
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>("web");
        builder.AddProcessType<IdleWorker>("worker", o => o.Count = 2);
        using IHost host = builder.Build();

        await host.StartAsync();
        SupervisorStatus status = host.Status();
        await host.StopAsync();

        Assert.Equal(web, status.ProcessTypes[0].Instances.Count);
        Assert.Equal(worker, status.ProcessTypes[1].Instances.Count);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Only_RunsJustTheNamedTypes()
    {
        HostApplicationBuilder builder = TestHosts.Builder(("Supervision:Only", "worker"));
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>("web");
        builder.AddProcessType<IdleWorker>("worker");
        using IHost host = builder.Build();

        await host.StartAsync();
        SupervisorStatus status = host.Status();
        await host.StopAsync();

        Assert.Equal(["worker"], status.ProcessTypes.Select(t => t.Name));
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData("Supervision:Formation", "web=2,wrker=1", "Supervision:Formation: unknown process type 'wrker'")]
    [InlineData("Supervision:Formation", "web:2", "Supervision:Formation: 'web:2' is not NAME=COUNT")]
    [InlineData("Supervision:Formation", "web=-1", "Supervision:Formation: 'web=-1': the count must be a whole number, 0 or more")]
    [InlineData("Supervision:Only", "db", "Supervision:Only: unknown process type 'db'")]
    [InlineData("Supervision:ProcessTypes:web:Count", "-1", "Supervision:ProcessTypes:web:Count: must be 0 or more, was '-1'")]
    [InlineData("Supervision:ProcessTypes:web:Backoff:Multiplier", "0.5", "Supervision:ProcessTypes:web:Backoff:Multiplier: must be 1 or more, was '0.5'")]
    [InlineData("Supervision:ProcessTypes:web:Backoff:Jitter", "1.5", "Supervision:ProcessTypes:web:Backoff:Jitter: must be between 0 and 1, was '1.5'")]
    [InlineData("Supervision:ProcessTypes:web:Backoff:Max", "00:00:00.05", "Supervision:ProcessTypes:web:Backoff:Max: must be at least Initial (00:00:00.1000000), was '00:00:00.0500000'")]
    [InlineData("Supervision:ProcessTypes:web:StopTimeout", "00:00:00", "Supervision:ProcessTypes:web:StopTimeout: must be positive, was '00:00:00'")]
    [InlineData("Supervision:RestartWindow", "-00:00:01", "Supervision:RestartWindow: must be positive, was '-00:00:01'")]
    [InlineData("Supervision:MaxRestarts", "-2", "Supervision:MaxRestarts: must be -1 (never give up) or more, was '-2'")]
    [InlineData("Supervision:ProcessTypes:db:Count", "1", "Supervision:ProcessTypes:db: no process type named 'db' is registered, and it has no Command to run it as a child process (known: web)")]
    [InlineData("Supervision:ProcessTypes:web:Cuont", "2", "Supervision:ProcessTypes:web:Cuont: unknown setting 'Cuont' (known: Count, Restart")]
    [InlineData("Supervision:ProcessTypes:web:Backoff:Inital", "00:00:01", "Supervision:ProcessTypes:web:Backoff:Inital: unknown setting 'Inital'")]
    [InlineData("Supervision:Stratgy", "OneForAll", "Supervision:Stratgy: unknown setting 'Stratgy'")]
    [InlineData("Supervision:ProcessTypes:web:Count", "2147483647", "Supervision:ProcessTypes:web:Count: must be at most 10000, was '2147483647'.")]
    [InlineData("Supervision:Formation", "web=10001", "Supervision:Formation: the count of 'web' must be from 0 to 10000, was 'web=10001'.")]
    [InlineData("Supervision:ProcessTypes:web:StopTimeout", "60.00:00:00", "Supervision:ProcessTypes:web:StopTimeout: must be at most 1.00:00:00 (one day), was '60.00:00:00'.")]
    [InlineData("Supervision:RestartWindow", "30.00:00:00", "Supervision:RestartWindow: must be at most 1.00:00:00 (one day), was '30.00:00:00'.")]
    [InlineData("Supervision:ProcessTypes:web:Backoff:Max", "2.00:00:00", "Supervision:ProcessTypes:web:Backoff:Max: must be at most 1.00:00:00 (one day), was '2.00:00:00'.")]
    [InlineData("Supervision:ProcessTypes:web:Backoff:ResetAfter", "10675199.00:00:00", "Supervision:ProcessTypes:web:Backoff:ResetAfter: must be at most 1.00:00:00 (one day), was '10675199.00:00:00'.")]
    [InlineData("Supervision:ProcessTypes:web:Output", "7", "Supervision:ProcessTypes:web:Output: must be Log, Prefix or Inherit, was '7'.")]
    [InlineData("Supervision:ProcessTypes:web:RecentOutputLines", "-1", "Supervision:ProcessTypes:web:RecentOutputLines: must be from 0 (keep none) to 10000, was '-1'.")]
    [InlineData("Supervision:ProcessTypes:web:RecentOutputLines", "10001", "Supervision:ProcessTypes:web:RecentOutputLines: must be from 0 (keep none) to 10000, was '10001'.")]
    [InlineData("Supervision:Strategy", "1", "Supervision:Strategy: must be OneForOne, OneForAll or RestForOne, was '1'.")]
    [InlineData("Supervision:ProcessTypes:web:Restart", "Sometimes", "Supervision:ProcessTypes:web:Restart: must be Always, OnFailure or Never, was 'Sometimes'.")]
    [InlineData("Supervision:ProcessTypes:web:StopTimeout", "ten seconds", "Supervision:ProcessTypes:web:StopTimeout: must be a duration such as 00:00:10 (hh:mm:ss) or 1.00:00:00 (d.hh:mm:ss), was 'ten seconds'.")]
    [InlineData("Supervision:ProcessTypes:web:Count", "many", "Supervision:ProcessTypes:web:Count: must be a whole number, was 'many'.")]
    [InlineData("Supervision:ProcessTypes:web:Backoff:Jitter", "NaN", "Supervision:ProcessTypes:web:Backoff:Jitter: must be a number, was 'NaN'.")]
    [InlineData("Supervision:ProcessTypes:web:Readiness:Probe", "Tcp", "Supervision:ProcessTypes:web:Readiness:Probe: needs the type's Port, the port the probe connects to, was 'Tcp'.")]
    [InlineData("Supervision:ProcessTypes:web:Readiness:Timeout", "00:00:00", "Supervision:ProcessTypes:web:Readiness:Timeout: must be positive, was '00:00:00'.")]
    [InlineData("Supervision:ProcessTypes:web:Liveness:Timeout", "2.00:00:00", "Supervision:ProcessTypes:web:Liveness:Timeout: must be at most 1.00:00:00 (one day), was '2.00:00:00'.")]
    [InlineData("Supervision:ProcessTypes:web:Readiness:Probe", "Http", "Supervision:ProcessTypes:web:Readiness:Probe: needs the type's Port, the port the probe connects to, was 'Http'.")]
    [InlineData("Supervision:ProcessTypes:web:Readiness:Probe", "Output", "Supervision:ProcessTypes:web:Readiness:Probe: needs a child process type (a Command), whose output lines it reads, was 'Output'.")]
    [InlineData("Supervision:ProcessTypes:web:Readiness:Probe", "Tpc", "Supervision:ProcessTypes:web:Readiness:Probe: must be None, Signal, Tcp, Completed, Http or Output, was 'Tpc'.")]
    [InlineData("Supervision:ProcessTypes:web:Readiness:MinReady", "-00:00:01", "Supervision:ProcessTypes:web:Readiness:MinReady: must be 0 or more, was '-00:00:01'.")]
    [InlineData("Supervision:ProcessTypes:web:Readiness:MinReady", "2.00:00:00", "Supervision:ProcessTypes:web:Readiness:MinReady: must be at most 1.00:00:00 (one day), was '2.00:00:00'.")]
    [InlineData("Supervision:ProcessTypes:web:Liveness:Probe", "Tcp", "Supervision:ProcessTypes:web:Liveness:Probe: needs the type's Port, the port the probe connects to, was 'Tcp'.")]
    [InlineData("Supervision:ProcessTypes:web:Liveness:FailureThreshold", "0", "Supervision:ProcessTypes:web:Liveness:FailureThreshold: must be 1 or more, was '0'.")]
    [InlineData("Supervision:ProcessTypes:web:Liveness:Interval", "-00:00:01", "Supervision:ProcessTypes:web:Liveness:Interval: must be positive, was '-00:00:01'.")]
    public async Task InvalidConfiguration_FailsHostStart_NamingTheKeyAndTheValue(string key, string value, string expected)
    {
        HostApplicationBuilder builder = TestHosts.Builder((key, value));
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>("web");
        using IHost host = builder.Build();

        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(expected, Assert.Single(error.Failures)[..expected.Length]);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task InvalidConfiguration_EveryBadKeyIsReportedAtOnce()
    {
        HostApplicationBuilder builder = TestHosts.Builder(
            ("Supervision:ProcessTypes:web:Count", "-3"),
            ("Supervision:ProcessTypes:web:Backoff:Jitter", "-0.1"));
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>("web");
        using IHost host = builder.Build();

        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(2, error.Failures.Count());
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task InvalidConfiguration_UnknownKeysUnconvertibleValuesAndRuleBreaches_AreOneList_OneLineEach()
    {
        HostApplicationBuilder builder = TestHosts.Builder(
            ("Supervision:ProcessTypes:web:Count", "-2"),
            ("Supervision:ProcessTypes:web:Cuont", "4"),
            ("Supervision:ProcessTypes:web:Backoff:Jitter", "1.5"),
            ("Supervision:ProcessTypes:web:StopTimeout", "soon"),
            ("Supervision:Formation", "wrker=2"),
            ("Supervision:ProcessTypes:api:Command", "nodee"));
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>("web");
        using IHost host = builder.Build();

        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            [
                "Supervision:ProcessTypes:web:Cuont: unknown setting 'Cuont' (known: Count, Restart, StopTimeout, Port, Backoff, Readiness, Liveness, Significant, SuccessExitCodes, RestartPreventExitCodes, MaxLifetime, RestartSchedule, Command, Arguments, WorkingDirectory, Environment, StopSignal, Output, RecentOutputLines).",
                "Supervision:ProcessTypes:web:StopTimeout: must be a duration such as 00:00:10 (hh:mm:ss) or 1.00:00:00 (d.hh:mm:ss), was 'soon'.",
                "Supervision:ProcessTypes:web:Count: must be 0 or more, was '-2'.",
                "Supervision:ProcessTypes:web:Backoff:Jitter: must be between 0 and 1, was '1.5'.",
                "Supervision:ProcessTypes:api:Command: The command 'nodee' was not found on PATH",
                "Supervision:Formation: unknown process type 'wrker' (known: web, api).",
            ],
            error.Failures.Select(f => f.StartsWith("Supervision:ProcessTypes:api:Command", StringComparison.Ordinal) ? f[..f.IndexOf(" (", StringComparison.Ordinal)] : f));
        Assert.All(error.Failures, f => Assert.DoesNotContain('\n', f));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task InvalidProbeSettings_OfAChildType_NameTheKeyAndTheValue()
    {
        HostApplicationBuilder builder = TestHosts.Builder(
            ("Supervision:ProcessTypes:web:Command", "/bin/sleep"),
            ("Supervision:ProcessTypes:web:Output", "Inherit"),
            ("Supervision:ProcessTypes:web:Readiness:Probe", "Output"),
            ("Supervision:ProcessTypes:web:Readiness:Pattern", "listening on ([0-9]+"),
            ("Supervision:ProcessTypes:web:Liveness:Probe", "Http"),
            ("Supervision:ProcessTypes:web:Liveness:Path", "healthz"));
        builder.Services.AddSupervision();
        using IHost host = builder.Build();

        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            [
                "Supervision:ProcessTypes:web:Readiness:Probe: needs the type's Output to be Log or Prefix: with Inherit the host never sees the lines, was 'Output'.",
                "Supervision:ProcessTypes:web:Readiness:Pattern: must be a valid .NET regular expression",
                "Supervision:ProcessTypes:web:Liveness:Path: must start with '/' and hold no spaces, control or non-ASCII characters, was 'healthz'.",
            ],
            error.Failures.Select(f => f.Contains("regular expression", StringComparison.Ordinal) ? f[..f.IndexOf(" (", StringComparison.Ordinal)] : f));
    }
}
