using Akka.Actor;

namespace Supervision.Benchmarks;

/// <summary>Baseline: an Akka.NET actor per instance that only announces its start.</summary>
internal sealed class AkkaIdleActor(StartCounter started) : UntypedActor
{
    protected override void PreStart() => started.Signal();

    protected override void OnReceive(object message) => Unhandled(message);
}
