using System.Diagnostics;
using System.Diagnostics.Metrics;
using Supervision.Processes.Notify;

namespace Supervision.Telemetry;

/// <summary>
/// The one owner of the <c>Supervision</c> meter and its instruments. The meter comes from the host's
/// <see cref="IMeterFactory"/>; without one, a private meter is made and disposed with the supervisor.
/// </summary>
internal sealed class SupervisionMetrics : IDisposable
{
    public const string MeterName = "Supervision";

    public const string RestartsName = "supervision.restarts";
    public const string InstancesName = "supervision.instances";
    public const string BackoffDelayName = "supervision.backoff.delay";
    public const string UnknownNotifySendersName = "supervision.notify.unknown_senders";

    /// <summary>Tag: the process type.</summary>
    public const string TypeTag = "supervision.type";

    /// <summary>Tag: why an instance restarted, one of the <c>Reason*</c> values.</summary>
    public const string ReasonTag = "supervision.restart.reason";

    /// <summary>Tag: an instance state in snake case (<c>running</c>, <c>backoff</c>, …).</summary>
    public const string StateTag = "supervision.instance.state";

    public const string ReasonFailed = "failed";
    public const string ReasonCompleted = "completed";
    public const string ReasonStartFailed = "start_failed";
    public const string ReasonRequested = "requested";
    public const string ReasonPlanned = "planned";
    public const string ReasonNotReady = "not_ready";
    public const string ReasonHung = "hung";

    private static readonly InstanceState[] States = Enum.GetValues<InstanceState>();
    private static readonly string[] StateNames = Array.ConvertAll(States, ToSnakeCase);

    private readonly Meter? _ownedMeter;
    private readonly Counter<long> _restarts;
    private readonly Histogram<double> _backoffDelay;

    public SupervisionMetrics(IMeterFactory? meterFactory, Func<SupervisorStatus> status)
    {
        Meter meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? (_ownedMeter = new Meter(MeterName));
        Meter = meter;
        _restarts = meter.CreateCounter<long>(RestartsName, "{restart}", "Restarts of instances, by process type and reason.");
        _backoffDelay = meter.CreateHistogram<double>(BackoffDelayName, "s", "Delays waited before restarting an instance.");
        meter.CreateObservableUpDownCounter(InstancesName, () => Observe(status()), "{instance}", "Instances by process type and state.");
        meter.CreateObservableCounter(UnknownNotifySendersName, () => OperatingSystem.IsLinux() ? NotifySocket.UnknownSenders : 0, "{datagram}", "Datagrams on the host's NOTIFY_SOCKET from processes of no run, ignored.");
    }

    public Meter Meter { get; }

    public static string ReasonOf(ExitReason reason) => reason switch
    {
        ExitReason.Completed => ReasonCompleted,
        ExitReason.StartFailed => ReasonStartFailed,
        ExitReason.NotReady => ReasonNotReady,
        ExitReason.Hung => ReasonHung,
        _ => ReasonFailed,
    };

    public void RecordRestart(string type, string reason)
    {
        if (_restarts.Enabled)
        {
            _restarts.Add(1, new TagList { { TypeTag, type }, { ReasonTag, reason } });
        }
    }

    public void RecordBackoff(string type, TimeSpan delay)
    {
        if (_backoffDelay.Enabled)
        {
            _backoffDelay.Record(delay.TotalSeconds, new KeyValuePair<string, object?>(TypeTag, type));
        }
    }

    public void Dispose() => _ownedMeter?.Dispose();

    // Every state of every type, zeros included, so that a state an instance left drops to 0 instead of keeping its last value.
    private static IEnumerable<Measurement<int>> Observe(SupervisorStatus status)
    {
        var counts = new int[States.Length];
        foreach (ProcessTypeStatus type in status.ProcessTypes)
        {
            Array.Clear(counts);
            foreach (ProcessInstanceStatus instance in type.Instances)
            {
                counts[(int)instance.State]++;
            }

            for (int i = 0; i < States.Length; i++)
            {
                yield return new Measurement<int>(counts[i], new KeyValuePair<string, object?>(TypeTag, type.Name), new KeyValuePair<string, object?>(StateTag, StateNames[i]));
            }
        }
    }

    private static string ToSnakeCase(InstanceState state) => state.ToString().ToLowerInvariant();
}
