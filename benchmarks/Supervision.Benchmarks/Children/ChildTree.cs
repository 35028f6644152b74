using Microsoft.Extensions.Logging;

namespace Supervision.Benchmarks;

/// <summary>
/// A supervisor tree of child process types built through the public <see cref="SupervisorBuilder"/>, with the
/// output loggers and the Prefix output chosen by the benchmark, and no host or event readers, so that only the
/// supervision of real child processes is measured.
/// </summary>
internal sealed class ChildTree : IAsyncDisposable
{
    private readonly SupervisorBuilder _builder;
    private readonly List<(string Name, ProcessTypeOptions Options)> _types = [];

    /// <param name="outputLoggers">Where Log-mode lines go (category <c>Supervision.TYPE</c>).</param>
    /// <param name="supervisorLogger">The supervisor's own log (starts, exits, backoff).</param>
    /// <param name="prefixOutput">Where Prefix-mode lines go; none for a tree without Prefix types.</param>
    public ChildTree(ILoggerFactory outputLoggers, ILogger supervisorLogger, Stream? prefixOutput = null)
    {
        // MaxRestarts -1 so that a benchmark restarting as fast as it can never escalates.
        _builder = new SupervisorBuilder { LoggerFactory = new SupervisorLoggerFactory(outputLoggers, supervisorLogger), PrefixOutput = prefixOutput };
        _builder.Options.MaxRestarts = -1;
    }

    public Supervisor? Supervisor { get; private set; }

    /// <summary>Declares a child process type, configured only by its options, as configuration would; changes apply until the start.</summary>
    public ProcessTypeOptions AddChild(string name, ProcessTypeOptions options)
    {
        _types.Add((name, options));
        return options;
    }

    public Task StartAsync()
    {
        foreach ((string name, ProcessTypeOptions options) in _types)
        {
            _builder.Add(new ProcessTypeDefinition(name, options));
        }

        Supervisor = _builder.Build();
        return Supervisor.StartAsync();
    }

    public Task StopAsync() => Supervisor?.StopAsync() ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Supervisor?.Dispose();
    }
}
