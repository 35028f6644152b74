using BenchmarkDotNet.Attributes;

namespace Supervision.Benchmarks;

/// <summary>Adds the <see cref="BytesPerInstanceColumn"/> to a benchmark class with an <c>Instances</c> parameter.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BytesPerInstanceColumnAttribute : ColumnConfigBaseAttribute
{
    public BytesPerInstanceColumnAttribute()
        : base(new BytesPerInstanceColumn())
    {
    }
}
