// A real host for end-to-end tests. Pick the process types with --Supervision:Only=NAME or --process-type NAME
// and tune anything else with --Supervision:... on the command line.
// With --TestHost:Notify=true it also runs "gated" instances for the systemd test: each one, while it is being
// started, reports to NOTIFY_SOCKET and waits for an "open" line on standard input; "stop" stops the host.
// With --TestHost:Reliability=true it also runs the types of the reliability suite (tests/Supervision.EndToEnd):
// "stubborn" ignores its token, "flapper" ends at once (reporting its own figures at restarts TestHost:SoakWarmup
// and TestHost:SoakRuns, then running until stopped), "slowstart" takes TestHost:SlowStartMs to construct;
// a "probe" line on standard input prints the host's open fds, threads, managed memory and working set.
// With --TestHost:Lifecycle=true it also runs "finisher", which returns after TestHost:FinishAfterMs (default 300).
// With --TestHost:LoopFault=true the supervisor's "restart scheduled" log entry throws: a step of its loop fails.
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Supervision;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSystemd();
bool notify = builder.Configuration.GetValue<bool>("TestHost:Notify");
bool reliability = builder.Configuration.GetValue<bool>("TestHost:Reliability");
if (notify || reliability)
{
    // Before the supervisor's hosted service, so that it reads standard input while the gated instances start.
    builder.Services.AddSingleton<StdinControl>().AddHostedService(static sp => sp.GetRequiredService<StdinControl>());
}

if (builder.Configuration.GetValue<bool>("TestHost:LoopFault"))
{
    builder.Logging.AddProvider(new ThrowingLoggerProvider("RestartScheduled"));
}

builder.AddProcessType<AlwaysFails>("crasher", o => o.Backoff.Initial = TimeSpan.FromMilliseconds(50));
builder.AddProcessType<Sleeper>("sleeper");
if (notify)
{
    builder.AddProcessType<Gated>("gated");
}

if (builder.Configuration.GetValue<bool>("TestHost:Lifecycle"))
{
    builder.AddProcessType<Finisher>("finisher");
}

if (reliability)
{
    builder.AddProcessType<Stubborn>("stubborn");
    builder.AddProcessType<Flapper>("flapper", o => o.Backoff.Initial = TimeSpan.Zero);
    builder.AddProcessType<SlowStart>("slowstart");
}

using IHost host = builder.Build();
await host.RunAsync();

internal sealed class AlwaysFails : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken) =>
        throw new InvalidOperationException($"{context.Name} always fails");
}

/// <summary>Does its work and returns: a significant worker ends the host with it.</summary>
internal sealed class Finisher(IConfiguration configuration) : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken) =>
        Task.Delay(configuration.GetValue("TestHost:FinishAfterMs", 300), stoppingToken);
}

internal sealed class Sleeper : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
}

/// <summary>Never observes its token: only the stop timeout ends its stop.</summary>
internal sealed class Stubborn : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, CancellationToken.None);
}

/// <summary>Ends at once, so that it restarts as fast as the supervisor can; reports figures at two restart counts.</summary>
internal sealed class Flapper(IConfiguration configuration) : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        int warmup = configuration.GetValue("TestHost:SoakWarmup", 1_000);
        int runs = configuration.GetValue("TestHost:SoakRuns", 20_000);
        if (context.RestartCount == warmup || context.RestartCount == runs)
        {
            StdinControl.Probe($"soak restarts={context.RestartCount}");
        }

        return context.RestartCount >= runs ? Task.Delay(Timeout.Infinite, stoppingToken) : Task.CompletedTask;
    }
}

/// <summary>Takes TestHost:SlowStartMs to construct, which holds the start of the formation.</summary>
internal sealed class SlowStart : IProcess
{
    public SlowStart(IConfiguration configuration)
    {
        Console.WriteLine("slowstart constructing");
        Thread.Sleep(configuration.GetValue("TestHost:SlowStartMs", 3_000));
        Console.WriteLine("slowstart constructed");
    }

    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
}

/// <summary>Created while its instance is being started: blocks that start until the test opens the gate.</summary>
internal sealed class Gated : IProcess
{
    public Gated(StdinControl control)
    {
        StdinControl.Notify("X-GATED=1");
        control.Gate.Wait();
        StdinControl.Notify("X-GATE-PASSED=1");
    }

    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
}

/// <summary>Reads standard input: "open" opens the gate, "stop" stops the application, "probe" prints figures.</summary>
internal sealed class StdinControl(IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    public ManualResetEventSlim Gate { get; } = new();

    public static void Notify(string message)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.SendTo(Encoding.ASCII.GetBytes(message), new UnixDomainSocketEndPoint(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")!));
    }

    /// <summary>Prints open file descriptors, threads, managed memory (after a full collection) and working set.</summary>
    public static void Probe(string label)
    {
        long managed = GC.GetTotalMemory(forceFullCollection: true);
        int fds = Directory.GetFiles("/proc/self/fd").Length;
        string threads = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Threads:", StringComparison.Ordinal))[8..].Trim();
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        Console.WriteLine($"probe {label} fds={fds} threads={threads} managed={managed} ws={self.WorkingSet64} peakws={self.PeakWorkingSet64}");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var reader = new Thread(() =>
        {
            while (Console.ReadLine() is { } line)
            {
                if (line == "open")
                {
                    Gate.Set();
                }
                else if (line == "stop")
                {
                    lifetime.StopApplication();
                }
                else if (line.StartsWith("probe", StringComparison.Ordinal))
                {
                    Probe(line[5..].Trim());
                }
            }
        }) { IsBackground = true };
        reader.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => Gate.Dispose();
}

/// <summary>Throws from every entry with the given event name, as a broken logging provider would.</summary>
internal sealed class ThrowingLoggerProvider(string eventName) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ThrowingLogger(eventName);

    public void Dispose()
    {
    }

    private sealed class ThrowingLogger(string eventName) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == eventName)
            {
                throw new InvalidOperationException($"logging provider failure on {eventName}");
            }
        }
    }
}
