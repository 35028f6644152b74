using Akka.Actor;

namespace Supervision.Benchmarks;

/// <summary>Baseline: an Akka.NET parent whose one-for-one strategy restarts its failing child at once, forever.</summary>
internal sealed class AkkaRestartingParent : UntypedActor
{
    public AkkaRestartingParent(RestartRelay relay)
    {
        // The usual way to write Props; Akka creates each fresh child through it.
        Context.ActorOf(Props.Create(() => new AkkaFailingChild(relay)), "child");
    }

    // Unlimited restarts (this overload's default) and no logging, like the supervised tree here (NullLogger,
    // MaxRestarts -1): only the restart machinery is compared.
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(static _ => Directive.Restart, loggingEnabled: false);

    protected override void OnReceive(object message) => Unhandled(message);
}
