using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Supervision.Extensions.Tests.Fakes;

namespace Supervision.Extensions.Tests.Configuration;

public sealed class ReloadTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task EditingAppsettingsOnDisk_ScalesLive_AndAnInvalidEditIsLoggedAndIgnored()
    {
        DirectoryInfo dir = Directory.CreateTempSubdirectory("supervision-reload-");
        string file = Path.Combine(dir.FullName, "appsettings.json");
        await File.WriteAllTextAsync(file, """{ "Supervision": { "Formation": "idle=2" } }""");
        try
        {
            HostApplicationBuilder builder = TestHosts.Builder();
            builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: true);
            var logs = new RecordingLoggerProvider();
            builder.Logging.AddProvider(logs);
            builder.Services.AddSingleton<RunLog>();
            builder.AddProcessType<IdleWorker>("idle");
            using IHost host = builder.Build();
            ISupervisor supervisor = host.Services.GetRequiredService<ISupervisor>();
            using var watching = new CancellationTokenSource(TestTimeouts.Wait);
            await using IAsyncEnumerator<SupervisionEvent> events = supervisor.WatchAsync(watching.Token).GetAsyncEnumerator(watching.Token);
            await host.StartAsync();
            Assert.Equal(["idle.1", "idle.2"], Names(host));

            await File.WriteAllTextAsync(file, """{ "Supervision": { "Formation": "idle=4" } }""");
            await WaitForAsync(events, SupervisionEventKind.Started, "idle.4");
            Assert.Equal(["idle.1", "idle.2", "idle.3", "idle.4"], Names(host));
            Assert.All(host.Status().ProcessTypes[0].Instances, i => Assert.Equal(0, i.Restarts));

            await File.WriteAllTextAsync(file, """{ "Supervision": { "Formation": "idle=1", "ProcessTypes": { "idle": { "Cuont": 1 } } } }""");
            string logged = (await logs.WaitForAsync(e => e.Message.Contains("Configuration reload ignored", StringComparison.Ordinal))).Message;
            Assert.Contains("Supervision:ProcessTypes:idle:Cuont: unknown setting 'Cuont'", logged, StringComparison.Ordinal);
            await File.WriteAllTextAsync(file, """{ "Supervision": { "Formation": "idle=-1" } }""");
            logged = (await logs.WaitForAsync(e => e.Message.Contains("'idle=-1'", StringComparison.Ordinal) && e.Message != logged)).Message;
            Assert.Contains("Supervision:Formation", logged, StringComparison.Ordinal);
            Assert.Equal(4, Names(host).Count());

            // The last good configuration stays in force, and a later good edit still applies.
            await File.WriteAllTextAsync(file, """{ "Supervision": { "Formation": "idle=1" } }""");
            await WaitForAsync(events, SupervisionEventKind.Stopping, "idle.2");

            // The loop is carrying out the reload's scale: a request made now is served after it, and changes nothing.
            await supervisor.ScaleAsync("idle", 1).WaitAsync(TestTimeouts.Wait);
            Assert.Equal(["idle.1"], Names(host));
            await host.StopAsync();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static IEnumerable<string> Names(IHost host) => host.Status().ProcessTypes.Single().Instances.Select(i => i.Name);

    private static async Task WaitForAsync(IAsyncEnumerator<SupervisionEvent> events, SupervisionEventKind kind, string source)
    {
        while (await events.MoveNextAsync())
        {
            if (events.Current.Kind == kind && events.Current.Source == source)
            {
                return;
            }
        }

        Assert.Fail($"no {kind} event from {source}");
    }
}
