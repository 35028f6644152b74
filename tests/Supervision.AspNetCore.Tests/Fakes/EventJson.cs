using System.Text.Json;

namespace Supervision.AspNetCore.Tests.Fakes;

/// <summary>Reads the fields of an event's JSON the way the dashboard does.</summary>
public static class EventJson
{
    public static string Kind(this JsonElement e) => e.GetProperty("kind").GetString()!;

    public static string Source(this JsonElement e) => e.GetProperty("source").GetString()!;

    public static int Restarts(this JsonElement e) => e.GetProperty("restarts").GetInt32();

    public static bool Is(this JsonElement e, string kind, string source) => e.Kind() == kind && e.Source() == source;

    public static string Describe(this IEnumerable<JsonElement> events) => string.Join(", ", events.Select(e => $"{e.Kind()} {e.Source()}"));
}
