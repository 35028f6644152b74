using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Supervision.Extensions.Tests.Fakes;

/// <summary>Builds in-memory hosts with configuration given as key/value pairs.</summary>
public static class TestHosts
{
    public static HostApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }

    public static FakeTimeProvider UseFakeTime(this HostApplicationBuilder builder)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        builder.Services.AddSingleton<TimeProvider>(time);
        return time;
    }

    public static SupervisorStatus Status(this IHost host) => host.Services.GetRequiredService<ISupervisor>().GetStatus();
}
