using System.Globalization;

namespace Supervision.Benchmarks;

/// <summary>Median, 99th percentile and maximum of a set of samples, formatted for a report line.</summary>
internal readonly record struct Percentiles(int Count, double P50, double P99, double Max)
{
    public static Percentiles Of(IEnumerable<double> samples)
    {
        double[] sorted = [.. samples.Order()];
        return sorted.Length == 0
            ? new Percentiles(0, double.NaN, double.NaN, double.NaN)
            : new Percentiles(sorted.Length, At(sorted, 0.50), At(sorted, 0.99), sorted[^1]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"n={Count,6}  p50={P50,8:F2}  p99={P99,8:F2}  max={Max,8:F2}");

    private static double At(double[] sorted, double quantile) => sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(quantile * sorted.Length) - 1)];
}
