using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Supervision.Benchmarks;

/// <summary>
/// Listens to the runtime's GC AllocationTick events (one about every 100 KB allocated, naming the type of the
/// object that crossed the mark, with the amount since the last tick). Summing the amounts by type estimates
/// which types the bytes went to: a sample, proportional to size, not an exact count.
/// </summary>
internal sealed class AllocationTickListener : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    // Initialised before the base constructor runs, which may already call OnEventSourceCreated.
    private readonly ConcurrentQueue<(DateTime At, string Type, long Bytes)> _ticks = new();

    /// <summary>Estimated bytes per type allocated between two UTC times, largest first.</summary>
    public IReadOnlyList<(string Type, long Bytes)> BytesByType(DateTime from, DateTime to) =>
        [.. _ticks.Where(t => t.At >= from && t.At < to)
            .GroupBy(static t => t.Type)
            .Select(static g => (g.Key, g.Sum(static t => t.Bytes)))
            .OrderByDescending(static t => t.Item2)];

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
        {
            return;
        }

        int typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        int amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (typeIndex < 0 || amountIndex < 0)
        {
            return;
        }

        string type = eventData.Payload![typeIndex] as string ?? "?";
        long bytes = Convert.ToInt64(eventData.Payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture);
        _ticks.Enqueue((eventData.TimeStamp.ToUniversalTime(), type, bytes));
    }
}
