using System.Text.Json;

namespace Supervision.Benchmarks;

/// <summary>
/// B8 under PM2, fork mode: one app <c>web</c> with <c>instances: 3</c> and <c>increment_var: PORT</c> (ports from the
/// first), restarted by <c>pm2 reload web</c>. A daemon of its own (<c>PM2_HOME</c> in the run's directory), killed at
/// the end. <paramref name="waitReady"/>: <c>wait_ready</c> with a 10 s <c>listen_timeout</c>, so PM2 counts an
/// instance as up once the server says "ready" (after it listens); <paramref name="parallel"/>: <c>--parallel</c>, or
/// PM2's own default (2 at a time for more than two instances) when null.
/// </summary>
internal sealed class Pm2Rolling(SlowStartServer server, int[] ports, string directory, string name, bool waitReady, int? parallel) : IRollingFormation
{
    private readonly Dictionary<string, string> _environment = new() { ["PM2_HOME"] = Path.Combine(directory, "pm2-" + name) };

    public async Task StartAsync()
    {
        var app = new Dictionary<string, object>
        {
            ["name"] = "web",
            ["script"] = server.ScriptPath,
            ["interpreter"] = server.Interpreter,
            ["exec_mode"] = "fork",
            ["instances"] = ports.Length,
            ["increment_var"] = "PORT",
            ["env"] = new Dictionary<string, string> { ["PORT"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        if (waitReady)
        {
            app["wait_ready"] = true;
            app["listen_timeout"] = 10_000;
        }

        string ecosystem = Path.Combine(directory, $"ecosystem-{name}.json");
        await File.WriteAllTextAsync(ecosystem, JsonSerializer.Serialize(new Dictionary<string, object> { ["apps"] = new[] { app } }));
        await Pm2Async("start", ecosystem);
    }

    public Task RestartAsync() => parallel is int n ? Pm2Async("reload", "web", "--parallel", n.ToString(System.Globalization.CultureInfo.InvariantCulture)) : Pm2Async("reload", "web");

    /// <summary>The CLI's own cost in each command (a Node.js start and a round trip to the daemon): <c>pm2 pid web</c>.</summary>
    public async Task<TimeSpan> CliOverheadAsync()
    {
        long from = System.Diagnostics.Stopwatch.GetTimestamp();
        await Pm2Async("pid", "web");
        return System.Diagnostics.Stopwatch.GetElapsedTime(from);
    }

    public async ValueTask DisposeAsync() => await Pm2Async("kill");

    private async Task Pm2Async(params string[] arguments)
    {
        (int exit, string output) = await Shell.RunAsync("pm2", arguments, _environment);
        if (exit != 0)
        {
            throw new InvalidOperationException($"pm2 {string.Join(' ', arguments)} exited {exit}: {output}");
        }
    }
}
