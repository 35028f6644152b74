using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Supervision.AspNetCore.Tests.Fakes;

/// <summary>
/// A real web app on Kestrel (127.0.0.1, a free port) with the endpoints at <c>/supervision</c> and two in-process
/// types: <c>web</c> (2 idle instances) and <c>worker</c> (1 instance that crashes when the test says); with a child, a
/// third type <c>job</c>: a shell script that says a few lines and fails, stderr last, on <c>SIGUSR1</c>; with an unready
/// type, <c>db</c> (no instance until scaled up), whose readiness probe never passes.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>
    /// The child type's script: its lines, then a wait that a trapped signal interrupts at once (<c>wait</c> returns on a
    /// trapped signal). The signal goes to the whole group: the <c>sleep</c> ignores it, or the shell would report its death.
    /// </summary>
    public const string JobScript =
        "trap 'echo \"fatal: lost the database\" >&2; exit 3' USR1; trap 'echo \"reloading\"' HUP; "
        + "echo \"$PS: connecting\"; echo \"$PS: ready\"; while :; do (trap '' USR1 HUP; exec sleep 60) & wait $!; done";

    /// <summary>The dashboard's address, <c>http://127.0.0.1:PORT/supervision/</c>.</summary>
    public Uri Address { get; }

    public ISupervisor Supervisor => _app.Services.GetRequiredService<ISupervisor>();

    public CrashSwitch CrashSwitch => _app.Services.GetRequiredService<CrashSwitch>();

    public static async Task<TestApp> StartAsync(
        Action<SupervisionEndpointOptions>? configure = null, Action<RouteGroupBuilder>? chain = null, string? everyoneIs = null, bool withChild = false, bool withUnready = false)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);   // keys in memory are fine for a test
        builder.Services.AddSingleton<CrashSwitch>();
        builder.Services.AddAuthentication(TestAuthenticationHandler.SchemeName)
            .AddScheme<TestAuthenticationOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, o => o.EveryoneIs = everyoneIs);
        builder.Services.AddAuthorizationBuilder().AddPolicy("ops", p => p.RequireRole("ops"));
        builder.AddProcessType<IdleWorker>("web", o => o.Count = 2);
        builder.AddProcessType<CrashOnDemandWorker>("worker", o => o.Backoff.Initial = TimeSpan.FromMilliseconds(50));
        if (withUnready)
        {
            // None at first: the host's start would wait for its readiness. A test scales it up.
            builder.AddProcessType<NeverReadyWorker>("db", o =>
            {
                o.Count = 0;
                o.Readiness.Probe = ReadinessProbe.Signal;
            });
        }

        if (withChild)
        {
            builder.AddChildProcessType("job", "/bin/sh", ["-c", JobScript], o => o.Backoff.Initial = TimeSpan.FromMilliseconds(50));
        }

        WebApplication app = builder.Build();
        RouteGroupBuilder group = app.MapSupervision("/supervision", configure);
        chain?.Invoke(group);
        await app.StartAsync(TestContext.Current.CancellationToken);

        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var result = new TestApp(app, new Uri(new Uri(bound), "/supervision/"));
        await result.WaitUntilAsync(s => s.State == SupervisorState.Running && s.ProcessTypes.All(t => t.Instances.All(i => i.State == InstanceState.Running)));
        return result;
    }

    /// <summary>A client for the endpoints, authenticated as <paramref name="user"/> when given.</summary>
    public HttpClient Client(string? user = "ops")
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TestTimeouts.Wait };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(TestAuthenticationHandler.SchemeName, user);
        }

        return client;
    }

    /// <summary>Waits, event by event, until the tree's status satisfies <paramref name="condition"/>.</summary>
    public async Task WaitUntilAsync(Func<SupervisorStatus, bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TestTimeouts.Wait);
        await foreach (SupervisionEvent _ in Supervisor.WatchAsync(timeout.Token))
        {
            if (condition(Supervisor.GetStatus()))
            {
                return;
            }
        }
    }

    /// <summary>Waits until instance <paramref name="instance"/> of <paramref name="type"/> has written <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string type, int instance, string text) =>
        RecentOutputWait.ForLineAsync(Supervisor, type, instance, text, TestTimeouts.Wait, TestContext.Current.CancellationToken);

    public ProcessInstanceStatus Instance(string name) =>
        Supervisor.GetStatus().ProcessTypes.SelectMany(t => t.Instances).Single(i => i.Name == name);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
