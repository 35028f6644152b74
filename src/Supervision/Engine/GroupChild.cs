namespace Supervision.Engine;

/// <summary>A nested supervisor as a child of its parent: permanent, restarted at once when it escalates.</summary>
internal sealed class GroupChild(SupervisorNode parent, int order, SupervisorNode node) : SupervisedChild(parent, order)
{
    public SupervisorNode Node { get; } = node;

    public override string Name => Node.Name;

    public override RestartPolicy Policy => RestartPolicy.Always;

    // A group that can shut itself down is, to its parent, a significant child (OTP 24 has the same rule).
    public override bool Significant => Node.CanShutItselfDown;

    // Erlang/OTP restarts a failed supervisor at once; its own children already backed off before it gave up.
    public override BackoffOptions? Backoff => null;

    /// <summary>
    /// Starts the group's loop and returns: the group is ready once its own formation is (a message to the parent),
    /// so the parent's loop goes on meanwhile, however long the group's readiness gates take.
    /// </summary>
    public override ValueTask StartAsync(long startedAt)
    {
        int generation = ++Generation;
        State = InstanceState.Starting;
        _ = ReportReadyWhenStartedAsync(Node.StartAsync(generation, CancellationToken.None), generation);
        return ValueTask.CompletedTask;
    }

    public override void OnReady(long now) => State = InstanceState.Running;

    private async Task ReportReadyWhenStartedAsync(Task started, int generation)
    {
        await started.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Parent.Post(SupervisorMessage.Ready(this, generation));
    }

    public async Task StopAsync(InstanceState finalState, StopBudget budget)
    {
        Generation++;
        await Node.StopAsync(budget).ConfigureAwait(false);
        State = finalState;
    }

    public override TimeSpan RanFor(long endedAt) => TimeSpan.Zero;

    // A group that shut itself down (AutoShutdown) ended for good, as an OTP transient supervisor does; a fatal
    // failure below it ends its parent too.
    public override ExitVerdict Judge(ref ProcessExit exit) =>
        exit.Exception is TerminateSupervisorTreeException ? ExitVerdict.TerminateTree
        : Node.ShutItselfDown ? ExitVerdict.EndForGood
        : ExitVerdict.ByPolicy;

    public override void OnExited(ProcessExit exit) => State = exit.IsFailure ? InstanceState.Failed : InstanceState.Exited;
}
