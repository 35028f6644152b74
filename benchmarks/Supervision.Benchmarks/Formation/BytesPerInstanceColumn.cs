using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Supervision.Benchmarks;

/// <summary>
/// Allocated bytes of one operation divided by its <c>Instances</c> parameter: what one instance costs to start
/// and stop. (One operation is a whole formation, so [OperationsPerInvoke] cannot express it.)
/// </summary>
internal sealed class BytesPerInstanceColumn : IColumn
{
    public string Id => nameof(BytesPerInstanceColumn);

    public string ColumnName => "Bytes/instance";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Metric;

    public int PriorityInCategory => 100;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Size;

    public string Legend => "Allocated bytes per operation divided by the number of instances";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        Metric? allocated = report?.Metrics.Values.FirstOrDefault(static m => m.Descriptor.Id == "Allocated Memory");
        object? instances = benchmarkCase.Parameters["Instances"];
        return allocated is null || instances is not int count || count == 0
            ? "-"
            : (allocated.Value / count).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
