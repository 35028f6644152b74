using Microsoft.Extensions.Time.Testing;

namespace Supervision.Tests.Engine;

/// <summary>The reaction to an exit, decided without a thread, a timer or a tree.</summary>
public sealed class RestartDeciderTests
{
    private static readonly ProcessExit Failed = new(ExitReason.Failed, new InvalidOperationException("boom"));
    private static readonly ProcessExit Clean = new(ExitReason.Completed);
    private static readonly ProcessExit CouldNotStart = new(ExitReason.StartFailed, new InvalidOperationException("no"));

    private readonly FakeTimeProvider _time = new();

    [Theory]
    [InlineData(RestartPolicy.Always, ExitReason.Completed, nameof(RestartAction.Restart))]
    [InlineData(RestartPolicy.Always, ExitReason.Failed, nameof(RestartAction.Restart))]
    [InlineData(RestartPolicy.OnFailure, ExitReason.Completed, nameof(RestartAction.LeaveEnded))]
    [InlineData(RestartPolicy.OnFailure, ExitReason.Failed, nameof(RestartAction.Restart))]
    [InlineData(RestartPolicy.OnFailure, ExitReason.StartFailed, nameof(RestartAction.Restart))]
    [InlineData(RestartPolicy.Never, ExitReason.Failed, nameof(RestartAction.LeaveEnded))]
    [InlineData(RestartPolicy.Never, ExitReason.Completed, nameof(RestartAction.LeaveEnded))]
    public void Decide_Policy_DecidesWhetherTheChildRestarts(RestartPolicy policy, ExitReason reason, string expected)
    {
        RestartDecider decider = Decider(SupervisionStrategy.OneForOne, maxRestarts: 5);
        int attempt = 0;

        RestartDecision decision = decider.Decide(policy, new ProcessExit(reason), ExitVerdict.ByPolicy, _time.GetTimestamp(), TimeSpan.Zero, new BackoffOptions(), ref attempt);

        Assert.Equal(expected, decision.Action.ToString());
    }

    [Fact]
    public void Decide_OnFailureAfterAFailedStart_Restarts()
    {
        // A start that failed is a failure: a transient child comes back (only an end-to-end log wording noticed before).
        RestartDecider decider = Decider(SupervisionStrategy.OneForOne, maxRestarts: 5);
        int attempt = 0;

        Assert.Equal(RestartAction.Restart, decider.Decide(RestartPolicy.OnFailure, CouldNotStart, ExitVerdict.ByPolicy, 0, TimeSpan.Zero, new BackoffOptions(), ref attempt).Action);
    }

    [Fact]
    public void Decide_ExitsThatAreNotRestarted_NeverCountAgainstTheIntensity()
    {
        RestartDecider decider = Decider(SupervisionStrategy.OneForOne, maxRestarts: 1);
        int attempt = 0;
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(RestartAction.LeaveEnded, decider.Decide(RestartPolicy.OnFailure, Clean, ExitVerdict.ByPolicy, 0, TimeSpan.Zero, null, ref attempt).Action);
            Assert.Equal(RestartAction.LeaveEnded, decider.Decide(RestartPolicy.Never, Failed, ExitVerdict.ByPolicy, 0, TimeSpan.Zero, null, ref attempt).Action);
        }

        Assert.Equal(RestartAction.Restart, decider.Decide(RestartPolicy.Always, Failed, ExitVerdict.ByPolicy, 0, TimeSpan.Zero, null, ref attempt).Action);
    }

    [Fact]
    public void Decide_OneRestartTooManyInsideTheWindow_Escalates()
    {
        RestartDecider decider = Decider(SupervisionStrategy.OneForOne, maxRestarts: 2);
        int attempt = 0;

        Assert.Equal(RestartAction.Restart, decider.Decide(RestartPolicy.Always, Failed, ExitVerdict.ByPolicy, 0, TimeSpan.Zero, null, ref attempt).Action);
        Assert.Equal(RestartAction.Restart, decider.Decide(RestartPolicy.Always, Failed, ExitVerdict.ByPolicy, 0, TimeSpan.Zero, null, ref attempt).Action);
        Assert.Equal(RestartDecision.Escalate, decider.Decide(RestartPolicy.Always, Failed, ExitVerdict.ByPolicy, 0, TimeSpan.Zero, null, ref attempt));
    }

    [Theory]
    [InlineData(SupervisionStrategy.OneForOne, nameof(RestartAction.Restart))]
    [InlineData(SupervisionStrategy.OneForAll, nameof(RestartAction.RestartSet))]
    [InlineData(SupervisionStrategy.RestForOne, nameof(RestartAction.RestartSet))]
    public void Decide_Strategy_DecidesWhatRestartsWithTheChild(SupervisionStrategy strategy, string expected)
    {
        int attempt = 0;

        Assert.Equal(expected, Decider(strategy, maxRestarts: 5).Decide(RestartPolicy.Always, Failed, ExitVerdict.ByPolicy, 0, TimeSpan.Zero, new BackoffOptions(), ref attempt).Action.ToString());
    }

    [Fact]
    public void Decide_Backoff_AdvancesTheAttemptAndDoublesTheDelay()
    {
        RestartDecider decider = Decider(SupervisionStrategy.OneForOne, maxRestarts: -1);
        var backoff = new BackoffOptions { Initial = TimeSpan.FromMilliseconds(100), Jitter = 0 };
        int attempt = 0;

        TimeSpan[] delays = [.. Enumerable.Range(0, 4).Select(_ => decider.Decide(RestartPolicy.Always, Failed, ExitVerdict.ByPolicy, 0, TimeSpan.Zero, backoff, ref attempt).Delay)];

        Assert.Equal([100, 200, 400, 800], delays.Select(d => d.TotalMilliseconds));
        Assert.Equal(4, attempt);
    }

    [Fact]
    public void Decide_RunLongerThanResetAfter_StartsTheBackoffOver()
    {
        RestartDecider decider = Decider(SupervisionStrategy.OneForOne, maxRestarts: -1);
        var backoff = new BackoffOptions { Initial = TimeSpan.FromMilliseconds(100), Jitter = 0, ResetAfter = TimeSpan.FromSeconds(30) };
        int attempt = 3;

        RestartDecision decision = decider.Decide(RestartPolicy.Always, Failed, ExitVerdict.ByPolicy, 0, TimeSpan.FromSeconds(30), backoff, ref attempt);

        Assert.Equal(TimeSpan.FromMilliseconds(100), decision.Delay);
        Assert.Equal(1, attempt);
    }

    [Fact]
    public void Decide_NestedGroup_RestartsAtOnce()
    {
        int attempt = 0;

        RestartDecision decision = Decider(SupervisionStrategy.OneForOne, maxRestarts: 5).Decide(RestartPolicy.Always, Failed, ExitVerdict.ByPolicy, 0, TimeSpan.Zero, backoff: null, ref attempt);

        Assert.Equal(new RestartDecision(RestartAction.Restart, TimeSpan.Zero), decision);
        Assert.Equal(0, attempt);
    }

    [Fact]
    public void Decide_Jitter_TakesItsUnitFromTheSupervisorsRandom()
    {
        var backoff = new BackoffOptions { Initial = TimeSpan.FromSeconds(1), Jitter = 0.5 };
        int attempt = 0;

        RestartDecision decision = new RestartDecider(SupervisionStrategy.OneForOne, new RestartIntensity(-1, TimeSpan.FromSeconds(30), _time), new FixedRandom(0.5))
            .Decide(RestartPolicy.Always, Failed, ExitVerdict.ByPolicy, 0, TimeSpan.Zero, backoff, ref attempt);

        Assert.Equal(TimeSpan.FromMilliseconds(750), decision.Delay);
    }

    [Theory]
    [InlineData(RestartPolicy.Always)]
    [InlineData(RestartPolicy.OnFailure)]
    public void Decide_EndForGood_LeavesTheChildEndedWhateverItsPolicy_AndCountsNoRestart(RestartPolicy policy)
    {
        RestartDecider decider = Decider(SupervisionStrategy.OneForAll, maxRestarts: 0);
        int attempt = 0;

        Assert.Equal(RestartDecision.LeaveEnded, decider.Decide(policy, Failed, ExitVerdict.EndForGood, 0, TimeSpan.Zero, new BackoffOptions(), ref attempt));

        // Not a restart: with MaxRestarts 0, only the next real restart is one too many.
        Assert.Equal(RestartDecision.Escalate, decider.Decide(policy, Failed, ExitVerdict.ByPolicy, 0, TimeSpan.Zero, new BackoffOptions(), ref attempt));
        Assert.Equal(0, attempt);
    }

    [Fact]
    public void Decide_TerminateTree_EndsTheTreeAtOnce_PastAnyIntensityAndPolicy()
    {
        RestartDecider decider = Decider(SupervisionStrategy.OneForOne, maxRestarts: -1);
        int attempt = 0;

        Assert.Equal(RestartDecision.TerminateTree, decider.Decide(RestartPolicy.Never, Failed, ExitVerdict.TerminateTree, 0, TimeSpan.Zero, new BackoffOptions(), ref attempt));
        Assert.Equal(0, attempt);
    }

    private RestartDecider Decider(SupervisionStrategy strategy, int maxRestarts) =>
        new(strategy, new RestartIntensity(maxRestarts, TimeSpan.FromSeconds(30), _time), new FixedRandom(0));

    private sealed class FixedRandom(double unit) : Random
    {
        public override double NextDouble() => unit;
    }
}
