using Akka.Actor;
using Akka.Configuration;

namespace Supervision.Benchmarks;

/// <summary>An Akka.NET actor system that logs nothing, so the baselines measure actors, not console output.</summary>
internal static class QuietActorSystem
{
    private static readonly Config Quiet = ConfigurationFactory.ParseString("""
        akka {
          loglevel = OFF
          stdout-loglevel = OFF
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          log-config-on-start = off
        }
        """);

    public static ActorSystem Create(string name) => ActorSystem.Create(name, Quiet);
}
