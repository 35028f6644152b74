using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Telemetry;

public sealed class SupervisionMetricsTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Restarts_AreCountedByTypeAndReason_WithTheDocumentedNameAndUnit()
    {
        await using var h = new SupervisorHarness();
        h.AddType("w");
        using var restarts = new MetricCollector<long>(h.Supervisor.Metrics.Meter, "supervision.restarts");
        await h.StartAsync();

        (await h.Script.NextRunAsync("w.1")).Throw();
        await h.Events.WaitAsync(Backoff, "w.1");
        h.Time.Advance(TimeSpan.FromMilliseconds(100));
        await h.Script.NextRunAsync("w.1");
        await h.Supervisor.RestartAsync("w", 1).WaitAsync(TestTimeouts.Wait);

        Assert.Equal("Supervision", restarts.Instrument!.Meter.Name);
        Assert.Equal("{restart}", restarts.Instrument.Unit);
        Assert.Equal(
            [("w", "failed"), ("w", "requested")],
            restarts.GetMeasurementSnapshot().Select(m => ((string)m.Tags["supervision.type"]!, (string)m.Tags["supervision.restart.reason"]!)));
        Assert.All(restarts.GetMeasurementSnapshot(), m => Assert.Equal(1, m.Value));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task BackoffDelay_IsAHistogramInSeconds()
    {
        await using var h = new SupervisorHarness();
        h.AddType("w");
        using var delays = new MetricCollector<double>(h.Supervisor.Metrics.Meter, "supervision.backoff.delay");
        await h.StartAsync();

        (await h.Script.NextRunAsync("w.1")).Throw();
        await h.Events.WaitAsync(Backoff, "w.1");

        Assert.Equal("s", delays.Instrument!.Unit);
        Assert.IsAssignableFrom<System.Diagnostics.Metrics.Histogram<double>>(delays.Instrument);
        CollectedMeasurement<double> delay = Assert.Single(delays.GetMeasurementSnapshot());
        Assert.Equal(0.1, delay.Value, 6);
        Assert.Equal("w", delay.Tags["supervision.type"]);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Instances_AreObservedByTypeAndState()
    {
        await using var h = new SupervisorHarness();
        h.AddType("w", count: 3).Backoff.Initial = TimeSpan.FromMinutes(1);
        h.AddType("clock");
        using var instances = new MetricCollector<int>(h.Supervisor.Metrics.Meter, "supervision.instances");
        await h.StartAsync();
        (await h.Script.NextRunAsync("w.3")).Throw();
        await h.Events.WaitAsync(Backoff, "w.3");

        instances.RecordObservableInstruments();

        Assert.Equal("{instance}", instances.Instrument!.Unit);
        Assert.IsAssignableFrom<System.Diagnostics.Metrics.ObservableUpDownCounter<int>>(instances.Instrument);
        Dictionary<(string, string), int> values = instances.GetMeasurementSnapshot()
            .ToDictionary(m => ((string)m.Tags["supervision.type"]!, (string)m.Tags["supervision.instance.state"]!), m => m.Value);
        Assert.Equal(2, values[("w", "running")]);
        Assert.Equal(1, values[("w", "backoff")]);
        Assert.Equal(0, values[("w", "fatal")]);
        Assert.Equal(1, values[("clock", "running")]);
        Assert.Equal(2 * Enum.GetValues<InstanceState>().Length, values.Count);
    }
}
