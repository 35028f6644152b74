using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Engine;

public sealed partial class SupervisorTests
{
    // The end of a run is handled on the thread it ended on (issue #5): never in what the worker left in its context.
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExecutionContext_AnAsyncLocalAWorkerLeftSet_DoesNotReachItsNextRun()
    {
        await using var h = new SupervisorHarness(o => o.MaxRestarts = -1);
        h.AddType("leaky").Backoff.Initial = TimeSpan.Zero;
        h.Script.LeaveAmbientSet.Add("leaky");
        await h.StartAsync();

        await h.Events.WaitAsync(Started, "leaky.1", count: 20);
        await h.StopAsync();

        string?[] seen;
        lock (h.Script.AmbientAtStart)
        {
            seen = [.. h.Script.AmbientAtStart];
        }

        Assert.True(seen.Length >= 20);
        Assert.All(seen, Assert.Null);
    }
}
