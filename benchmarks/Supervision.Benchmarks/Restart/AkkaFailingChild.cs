using Akka.Actor;

namespace Supervision.Benchmarks;

/// <summary>
/// Baseline: the Akka.NET worker. Every incarnation (a restart makes a fresh instance, whose <c>PreStart</c> runs
/// again) takes a turn from the relay and then tells itself to fail; the failure is thrown from the message
/// handler, which is how an actor fails.
/// </summary>
internal sealed class AkkaFailingChild(RestartRelay relay) : UntypedActor
{
    protected override void PreStart()
    {
        Task turn = relay.TakeTurnAsync(CancellationToken.None);
        if (turn.IsCompleted)
        {
            Self.Tell(FailNow.Instance);
        }
        else
        {
            turn.PipeTo(Self, success: static () => FailNow.Instance);
        }
    }

    protected override void OnReceive(object message) => relay.EndRun();

    /// <summary>The message an incarnation sends itself to fail.</summary>
    internal sealed class FailNow
    {
        public static readonly FailNow Instance = new();
    }
}
