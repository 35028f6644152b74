using Akka.Actor;

namespace Supervision.Benchmarks;

/// <summary>
/// Baseline: N Akka.NET actors up and down. Up is when every child of an <see cref="AkkaFormationParent"/> ran
/// <c>PreStart</c>; down is when a graceful stop of the parent has terminated every child and then the parent.
/// </summary>
internal static class AkkaFormation
{
    public static async Task StartAndStopAsync(ActorSystem system, int instances)
    {
        var started = new StartCounter(instances);
        IActorRef parent = system.ActorOf(Props.Create(() => new AkkaFormationParent(started, instances)));
        await started.AllStarted;
        await parent.GracefulStop(TimeSpan.FromMinutes(1));
    }
}
