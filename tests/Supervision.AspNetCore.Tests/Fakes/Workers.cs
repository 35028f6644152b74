namespace Supervision.AspNetCore.Tests.Fakes;

/// <summary>Runs until stopped.</summary>
public sealed class IdleWorker : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
}

/// <summary>Runs until stopped, or throws when the test pulls its <see cref="CrashSwitch"/>.</summary>
public sealed class CrashOnDemandWorker(CrashSwitch crashSwitch) : IProcess
{
    public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        await crashSwitch.WaitAsync(context.Name, stoppingToken);
        throw new InvalidOperationException($"{context.Name} crashed on demand");
    }
}

/// <summary>Runs until stopped and never reports ready: with a readiness probe it stays Starting.</summary>
public sealed class NeverReadyWorker : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
}
