using Microsoft.Extensions.Logging;

namespace Supervision.Benchmarks;

/// <summary>
/// Routes the supervisor's own log (category <c>Supervision</c>) to one logger and the output of child processes
/// (categories <c>Supervision.TYPE</c>) to another factory, so a benchmark counts what it measures and nothing else.
/// </summary>
internal sealed class SupervisorLoggerFactory(ILoggerFactory output, ILogger supervisor) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => categoryName == "Supervision" ? supervisor : output.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }
}
