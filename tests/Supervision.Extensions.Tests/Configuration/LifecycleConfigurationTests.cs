using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Supervision.Extensions.Tests.Fakes;

namespace Supervision.Extensions.Tests.Configuration;

/// <summary>The lifecycle keys bind from configuration, and every bad value is one line naming its key.</summary>
public sealed class LifecycleConfigurationTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public void The_lifecycle_keys_bind_from_configuration()
    {
        HostApplicationBuilder builder = TestHosts.Builder(
            ("Supervision:AutoShutdown", "AllSignificant"),
            ("Supervision:ProcessTypes:job:Significant", "true"),
            ("Supervision:ProcessTypes:job:Restart", "OnFailure"),
            ("Supervision:ProcessTypes:web:Command", "/bin/sh"),
            ("Supervision:ProcessTypes:web:SuccessExitCodes:0", "143"),
            ("Supervision:ProcessTypes:web:RestartPreventExitCodes:0", "78"),
            ("Supervision:ProcessTypes:web:MaxLifetime", "01:00:00"),
            ("Supervision:ProcessTypes:web:RestartSchedule", "0 3 * * *"),
            ("Supervision:ProcessTypes:web:Readiness:Probe", "Completed"));
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>("job");
        using IHost host = builder.Build();

        SupervisionOptions options = host.Services.GetRequiredService<IOptions<SupervisionOptions>>().Value;

        Assert.Equal(AutoShutdown.AllSignificant, options.AutoShutdown);
        Assert.True(options.ProcessTypes["job"].Significant);
        ProcessTypeOptions web = options.ProcessTypes["web"];
        Assert.Equal([143], web.SuccessExitCodes);
        Assert.Equal([78], web.RestartPreventExitCodes);
        Assert.Equal(TimeSpan.FromHours(1), web.MaxLifetime);
        Assert.Equal("0 3 * * *", web.RestartSchedule);
        Assert.Equal(ReadinessProbe.Completed, web.Readiness.Probe);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Bad_lifecycle_values_are_one_line_each_naming_key_and_value()
    {
        HostApplicationBuilder builder = TestHosts.Builder(
            ("Supervision:AutoShutdown", "7"),
            ("Supervision:ProcessTypes:job:Significant", "true"),
            ("Supervision:ProcessTypes:job:SuccessExitCodes:0", "3"),
            ("Supervision:ProcessTypes:web:Command", "/bin/sh"),
            ("Supervision:ProcessTypes:web:RestartPreventExitCodes:0", "300"),
            ("Supervision:ProcessTypes:web:MaxLifetime", "-00:00:01"),
            ("Supervision:ProcessTypes:web:RestartSchedule", "every day at 3"));
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>("job");
        using IHost host = builder.Build();

        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            [
                "Supervision:AutoShutdown: must be Never, AnySignificant or AllSignificant, was '7'.",
                "Supervision:ProcessTypes:job:Significant: a significant process type must have Restart OnFailure or Never (one that always restarts never ends its supervisor), was Restart 'Always'.",
                "Supervision:ProcessTypes:job:SuccessExitCodes: only a child process has exit codes; an in-process worker throws DoNotRestartException instead, was [3].",
                "Supervision:ProcessTypes:web:RestartPreventExitCodes: an exit code is from 0 to 255, was '300'.",
                "Supervision:ProcessTypes:web:MaxLifetime: must be positive and at most 366 days, was '-00:00:01'.",
                "Supervision:ProcessTypes:web:RestartSchedule: must be a cron expression",
            ],
            error.Failures.Select(f => f.StartsWith("Supervision:ProcessTypes:web:RestartSchedule", StringComparison.Ordinal) ? f[..f.IndexOf(" of five", StringComparison.Ordinal)] : f));
    }
}
