using Akka.Actor;

namespace Supervision.Benchmarks;

/// <summary>Baseline: a parent actor that spawns one child actor per instance, as a supervised type's instances are children of their supervisor.</summary>
internal sealed class AkkaFormationParent : UntypedActor
{
    public AkkaFormationParent(StartCounter started, int instances)
    {
        Props child = Props.Create(() => new AkkaIdleActor(started));
        for (int i = 0; i < instances; i++)
        {
            Context.ActorOf(child);
        }
    }

    protected override void OnReceive(object message) => Unhandled(message);
}
