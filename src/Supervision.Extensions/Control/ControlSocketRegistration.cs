using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Supervision.Extensions.Registration;

namespace Supervision.Extensions.Control;

/// <summary>The one implementation behind the <c>AddSupervisionControlSocket</c> overloads.</summary>
internal static class ControlSocketRegistration
{
    public static void Add(IServiceCollection services, string path)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The Supervision control socket needs Linux (SO_PEERCRED).");
        }

        _ = SupervisionServices.GetOrAddRegistry(services);
        AddService(services, Path.GetFullPath(path));
    }

    [SupportedOSPlatform("linux")]
    private static void AddService(IServiceCollection services, string path) =>
        services.AddSingleton<IHostedService>(sp => new ControlSocketService(
            path, sp.GetRequiredService<ISupervisor>(), sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ILogger<ControlSocketService>>()));
}
