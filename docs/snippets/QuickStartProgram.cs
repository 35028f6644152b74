// README.md's Quick start: the lines of its Program.cs, in a method here (this project has its own Main).
// ConsumerTests builds the README's blocks as a program of their own, in a new project, from the packages.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Supervision;
using Supervision.Docs.Snippets;

namespace QuickStartApp;

internal static class QuickStartProgram
{
    public static async Task MainAsync(string[] args)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
        builder.AddProcessType<QueueWorker>("worker");       // an IProcess, or any existing BackgroundService
        builder.AddProcessType<Clock>("clock");
        using IHost host = builder.Build();
        await host.StartAsync();                              // returns once every instance has started

        foreach (ProcessTypeStatus type in host.Services.GetRequiredService<ISupervisor>().GetStatus().ProcessTypes)
        {
            Console.WriteLine($"{type.Name}: {string.Join(", ", type.Instances.Select(i => $"{i.Name} {i.State}"))}");
        }

        await host.WaitForShutdownAsync();                    // Ctrl+C or SIGTERM stops every instance
    }
}
