using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Engine;

public sealed partial class SupervisorTests
{
    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData(RestartPolicy.Always, false, true)]
    [InlineData(RestartPolicy.Always, true, true)]
    [InlineData(RestartPolicy.OnFailure, false, false)]
    [InlineData(RestartPolicy.OnFailure, true, true)]
    [InlineData(RestartPolicy.Never, false, false)]
    [InlineData(RestartPolicy.Never, true, false)]
    public async Task Policy_ExitOnItsOwn_RestartsOnlyWhenThePolicySaysSo(RestartPolicy policy, bool throws, bool restarts)
    {
        await using var h = new SupervisorHarness();
        h.AddType("w", restart: policy);
        await h.StartAsync();
        ScriptedRun run = await h.Script.NextRunAsync("w.1");
        if (throws)
        {
            run.Throw();
        }
        else
        {
            run.Return();
        }

        SupervisionEvent exited = await h.Events.WaitAsync(Exited, "w.1");
        Assert.Equal(throws ? ExitReason.Failed : ExitReason.Completed, exited.Exit!.Value.Reason);
        if (restarts)
        {
            await h.Events.WaitAsync(Backoff, "w.1");
            h.Time.Advance(FirstDelay);
            await h.Script.NextRunAsync("w.1");
        }
        else
        {
            // The stop is handled after the exit by the same loop: by then any restart would have been scheduled.
            await h.StopAsync();
            Assert.Empty(h.Events.Of(Backoff));
            Assert.Equal(throws ? InstanceState.Failed : InstanceState.Exited, h.Status("w.1").State);
        }
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData(RestartPolicy.Always)]
    [InlineData(RestartPolicy.OnFailure)]
    [InlineData(RestartPolicy.Never)]
    public async Task Policy_CancellationOnStop_IsAStopNotAFailure(RestartPolicy policy)
    {
        await using var h = new SupervisorHarness();
        h.AddType("w", restart: policy);
        await h.StartAsync();
        ScriptedRun run = await h.Script.NextRunAsync("w.1");

        await h.StopAsync();

        Assert.True(run.StoppingToken.IsCancellationRequested);
        ProcessInstanceStatus status = h.Status("w.1");
        Assert.Equal(InstanceState.Stopped, status.State);
        Assert.Equal(ExitReason.Stopped, status.LastExit!.Value.Reason);
        Assert.Empty(h.Events.Of(Backoff));
        Assert.Equal(1, h.Script.RunCount("w.1"));
        Assert.Equal(SupervisorState.Stopped, h.Supervisor.GetStatus().State);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Worker_ThatThrowsSynchronously_IsAFailureAndIsRestarted()
    {
        await using var h = new SupervisorHarness();
        h.AddType("sync");
        h.Script.ThrowSynchronously.Add("sync");
        await h.StartAsync();

        SupervisionEvent exited = await h.Events.WaitAsync(Exited, "sync.1");
        Assert.Equal(ExitReason.Failed, exited.Exit!.Value.Reason);
        Assert.Equal("thrown before any await", exited.Exit.Value.Exception!.Message);
        await h.Events.WaitAsync(Backoff, "sync.1");
        h.Time.Advance(FirstDelay);
        await h.Events.WaitAsync(Exited, "sync.1", count: 2);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Worker_ThatCannotBeCreated_IsAStartFailureThatBacksOffAndRetries()
    {
        await using var h = new SupervisorHarness();
        h.AddUnstartableType("broken");
        // A type that cannot start is never ready: the start does not complete, the retries go on.
        _ = h.BeginStart();

        SupervisionEvent exited = await h.Events.WaitAsync(Exited, "broken.1");
        Assert.Equal(ExitReason.StartFailed, exited.Exit!.Value.Reason);
        SupervisionEvent backoff = await h.Events.WaitAsync(Backoff, "broken.1");
        Assert.Equal(FirstDelay, backoff.Delay);
        h.Time.Advance(FirstDelay);
        SupervisionEvent second = await h.Events.WaitAsync(Backoff, "broken.1", count: 2);
        Assert.Equal(FirstDelay * 2, second.Delay);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Worker_ThatIgnoresItsToken_IsAbandonedAfterStopTimeoutAndTheStopGoesOn()
    {
        await using var h = new SupervisorHarness();
        h.AddType("polite");
        h.AddType("stubborn").StopTimeout = TimeSpan.FromSeconds(5);
        h.Script.IgnoreStop.Add("stubborn");
        await h.StartAsync();
        ScriptedRun polite = await h.Script.NextRunAsync("polite.1");
        ScriptedRun stubborn = await h.Script.NextRunAsync("stubborn.1");

        Task stop = h.StopAsync();
        await h.Events.WaitAsync(Stopping, "stubborn.1");
        Assert.False(stop.IsCompleted);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await stop;

        Assert.True(stubborn.StoppingToken.IsCancellationRequested);
        Assert.Equal(ExitReason.StopTimedOut, h.Status("stubborn.1").LastExit!.Value.Reason);
        Assert.Equal(InstanceState.Stopped, h.Status("stubborn.1").State);
        Assert.True(polite.StoppingToken.IsCancellationRequested);
        Assert.Equal(ExitReason.Stopped, h.Status("polite.1").LastExit!.Value.Reason);
        stubborn.Return();
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Stop_StopsTypesInReverseOrder()
    {
        await using var h = new SupervisorHarness();
        h.AddType("a");
        h.AddType("b", count: 2);
        h.AddType("c");
        await h.StartAsync();
        await h.Events.WaitAsync(Started, count: 4);
        Assert.Equal(["a.1", "b.1", "b.2", "c.1"], h.Events.Of(Started).Select(e => e.Source).Order());

        await h.StopAsync();
        await h.Events.WaitAsync(Stopped, count: 4);

        string[] stopped = [.. h.Events.Of(Stopped).Select(e => e.Source)];
        Assert.Equal("c.1", stopped[0]);
        Assert.Equal(["b.1", "b.2"], stopped[1..3].Order());
        Assert.Equal("a.1", stopped[3]);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Start_StartsTypesInRegistrationOrder()
    {
        await using var h = new SupervisorHarness();
        h.AddType("z");
        h.AddType("m", count: 3);
        h.AddType("a");
        await h.StartAsync();
        await h.Events.WaitAsync(Started, count: 5);

        string[] started = [.. h.Events.Of(Started).Select(e => e.Source)];
        Assert.Equal("z.1", started[0]);
        Assert.Equal(["m.1", "m.2", "m.3"], started[1..4].Order());
        Assert.Equal("a.1", started[4]);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Restart_GetsAFreshDependencyInjectionScope()
    {
        await using var h = new SupervisorHarness();
        h.AddType("w");
        await h.StartAsync();
        ScriptedRun first = await h.Script.NextRunAsync("w.1");
        Guid firstScope = first.Context.Services.GetService(typeof(ScopedDependency)) is ScopedDependency d1 ? d1.Id : Guid.Empty;
        first.Throw();
        await h.Events.WaitAsync(Backoff, "w.1");
        h.Time.Advance(FirstDelay);
        ScriptedRun second = await h.Script.NextRunAsync("w.1");
        Guid secondScope = ((ScopedDependency)second.Context.Services.GetService(typeof(ScopedDependency))!).Id;

        Assert.NotEqual(Guid.Empty, firstScope);
        Assert.NotEqual(firstScope, secondScope);
    }
}
