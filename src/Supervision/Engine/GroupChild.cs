namespace Supervision;

/// <summary>A nested supervisor as a child of its parent: permanent, restarted at once when it escalates.</summary>
internal sealed class GroupChild(SupervisorNode parent, int order, SupervisorNode node) : SupervisedChild(parent, order)
{
    public SupervisorNode Node { get; } = node;

    public override string Name => Node.Name;

    public override RestartPolicy Policy => RestartPolicy.Always;

    // Erlang/OTP restarts a failed supervisor at once; its own children already backed off before it gave up.
    public override BackoffOptions? Backoff => null;

    public override async ValueTask StartAsync(long startedAt)
    {
        int generation = ++Generation;
        State = InstanceState.Starting;
        await Node.StartAsync(generation, CancellationToken.None).ConfigureAwait(false);
        State = InstanceState.Running;
    }

    public async Task StopAsync(InstanceState finalState, CancellationToken deadline)
    {
        Generation++;
        await Node.StopAsync(deadline).ConfigureAwait(false);
        State = finalState;
    }

    public override TimeSpan RanFor(long endedAt) => TimeSpan.Zero;

    public override void OnExited(ProcessExit exit) => State = InstanceState.Failed;
}
