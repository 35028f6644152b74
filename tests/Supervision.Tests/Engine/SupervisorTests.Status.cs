using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Engine;

public sealed partial class SupervisorTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task GetStatus_ShowsEveryTypeAndInstanceWithStateRestartsUptimeAndLastExit()
    {
        await using var h = new SupervisorHarness();
        h.AddType("web", count: 2).Port = 5000;
        h.AddType("worker");
        Assert.Equal(SupervisorState.NotStarted, h.Supervisor.GetStatus().State);
        await h.StartAsync();
        ScriptedRun web2 = await h.Script.NextRunAsync("web.2");
        Assert.Equal(5001, web2.Context.Port);

        web2.Throw("lost");
        await h.Events.WaitAsync(Backoff, "web.2");
        h.Time.Advance(FirstDelay);
        await h.Script.NextRunAsync("web.2");
        await h.Events.WaitAsync(Started, "web.2", count: 2);
        h.Time.Advance(TimeSpan.FromSeconds(3));

        SupervisorStatus status = h.Supervisor.GetStatus();
        Assert.Equal(SupervisorState.Running, status.State);
        Assert.Equal(["web", "worker"], status.ProcessTypes.Select(t => t.Name));
        ProcessInstanceStatus web = status.ProcessTypes[0].Instances[1];
        Assert.Equal(("web", 2, "web.2", InstanceState.Running, 1), (web.TypeName, web.Instance, web.Name, web.State, web.Restarts));
        Assert.Equal(TimeSpan.FromSeconds(3), web.Uptime);
        Assert.Null(web.Pid);
        Assert.Equal(ExitReason.Failed, web.LastExit!.Value.Reason);
        Assert.Equal("lost", web.LastExit.Value.Exception!.Message);
        Assert.Equal(0, status.ProcessTypes[1].Instances[0].Restarts);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task CountZero_StartsNoInstance()
    {
        await using var h = new SupervisorHarness();
        h.AddType("idle", count: 0);
        h.AddType("w", count: 2);
        await h.StartAsync();

        SupervisorStatus status = h.Supervisor.GetStatus();
        Assert.Empty(status.ProcessTypes[0].Instances);
        Assert.Equal(["w.1", "w.2"], status.ProcessTypes[1].Instances.Select(i => i.Name));
    }
}
