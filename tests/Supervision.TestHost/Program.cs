// A real host for end-to-end tests. Pick the process types with --Supervision:Only=NAME or --process-type NAME
// and tune anything else with --Supervision:... on the command line.
// With --TestHost:Notify=true it also runs "gated" instances for the systemd test: each one, while it is being
// started, reports to NOTIFY_SOCKET and waits for an "open" line on standard input; "stop" stops the host.
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Supervision;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSystemd();
bool notify = builder.Configuration.GetValue<bool>("TestHost:Notify");
if (notify)
{
    // Before the supervisor's hosted service, so that it reads standard input while the gated instances start.
    builder.Services.AddSingleton<StdinControl>().AddHostedService(static sp => sp.GetRequiredService<StdinControl>());
}

builder.AddProcessType<AlwaysFails>("crasher", o => o.Backoff.Initial = TimeSpan.FromMilliseconds(50));
builder.AddProcessType<Sleeper>("sleeper");
if (notify)
{
    builder.AddProcessType<Gated>("gated");
}

using IHost host = builder.Build();
await host.RunAsync();

internal sealed class AlwaysFails : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken) =>
        throw new InvalidOperationException($"{context.Name} always fails");
}

internal sealed class Sleeper : IProcess
{
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

/// <summary>Reads standard input: "open" opens the gate, "stop" stops the application.</summary>
internal sealed class StdinControl(IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    public ManualResetEventSlim Gate { get; } = new();

    public static void Notify(string message)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.SendTo(Encoding.ASCII.GetBytes(message), new UnixDomainSocketEndPoint(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")!));
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
            }
        }) { IsBackground = true };
        reader.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => Gate.Dispose();
}
