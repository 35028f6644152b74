using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Supervision.Extensions.Configuration;

/// <summary>
/// Tells <see cref="IOptionsMonitor{TOptions}"/> that <see cref="SupervisionOptions"/> changed, but only once a
/// reloaded configuration has been built and validated. A bad reload (a misspelt key, an unconvertible value, a
/// failed validation) is logged with its reason and goes no further: the monitor keeps the last good options,
/// and no exception reaches the configuration provider that reloaded (a file watcher would crash the process).
/// </summary>
internal sealed partial class SupervisionReloadGate : IOptionsChangeTokenSource<SupervisionOptions>, IDisposable
{
    private readonly IOptionsFactory<SupervisionOptions> _factory;
    private readonly ILogger _logger;
    private readonly IDisposable? _subscription;
    private ConfigurationReloadToken _token = new();

    public SupervisionReloadGate(IServiceProvider services, IOptionsFactory<SupervisionOptions> factory, ILogger<SupervisionReloadGate> logger)
    {
        _factory = factory;
        _logger = logger;
        if (SupervisionOptionsSetup.GetSection(services) is { } section)
        {
            _subscription = ChangeToken.OnChange(section.GetReloadToken, OnConfigurationReloaded);
        }
    }

    public string Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => Volatile.Read(ref _token);

    public void Dispose() => _subscription?.Dispose();

    private void OnConfigurationReloaded()
    {
        try
        {
            // Setup and validators, exactly as the monitor will run them.
            _factory.Create(Name);
        }
        catch (Exception exception)
        {
            LogReloadIgnored(_logger, exception.Message);
            return;
        }

        try
        {
            Interlocked.Exchange(ref _token, new ConfigurationReloadToken()).OnReload();
        }
        catch (Exception exception)
        {
            // The configuration changed again between the check and the monitor's own build: still not ours to throw.
            LogReloadIgnored(_logger, exception.Message);
        }
    }

    [LoggerMessage(110, LogLevel.Error, "Configuration reload ignored: {Reason} The last good Supervision configuration stays in force.", EventName = "ReloadIgnored")]
    private static partial void LogReloadIgnored(ILogger logger, string reason);
}
