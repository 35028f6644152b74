using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Supervision.Extensions.Tests.Fakes;

namespace Supervision.Extensions.Tests.Export;

/// <summary>A host with one type of each kind and each restart policy, whose formation the export tests write.</summary>
internal static class ExportFixtures
{
    /// <summary>A variable a naive quoting would break in every format: spaces, quotes, <c>$</c>, <c>%</c> and a backslash.</summary>
    public const string TrickyValue = "50% of \"$HOME\" isn't C:\\temp";

    /// <summary>
    /// <c>worker</c> (in-process, Always, 3), <c>web</c> (a child, OnFailure, SIGINT, 2) and <c>clock</c> (a child, Never,
    /// backoff that never grows, 1), in that order.
    /// </summary>
    public static IHost Build(params (string Key, string Value)[] settings)
    {
        // A setting given overrides the fixture's own of the same key.
        Dictionary<string, string> merged = new[] { ("Supervision:Formation", "web=2,worker=3") }.Concat(settings)
            .GroupBy(static s => s.Item1, StringComparer.OrdinalIgnoreCase).ToDictionary(static g => g.Key, static g => g.Last().Item2);
        HostApplicationBuilder builder = TestHosts.Builder([.. merged.Select(static s => (s.Key, s.Value))]);
        builder.Services.AddSingleton<RunLog>();
        builder.Services.AddSupervision(o => o.MaxRestarts = 4);
        builder.AddProcessType<IdleWorker>("worker", o => o.StopTimeout = TimeSpan.FromSeconds(12.5));
        builder.AddChildProcessType("web", "/bin/sh", ["-c", "exec sleep 100 \"$PORT\""], o =>
        {
            o.Restart = RestartPolicy.OnFailure;
            o.StopSignal = "INT";
            o.StopTimeout = TimeSpan.FromSeconds(7);
            o.Environment["GREETING"] = TrickyValue;
        });
        builder.AddChildProcessType("clock", "/bin/sleep", ["100"], o =>
        {
            o.Restart = RestartPolicy.Never;
            o.Backoff.Multiplier = 1;
        });
        return builder.Build();
    }
}
