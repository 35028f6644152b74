using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Supervision.Engine;
using Supervision.InProcess;
using Supervision.Processes;
using Supervision.Processes.Output;
using Supervision.Runs;
using Supervision.Timing;

namespace Supervision;

/// <summary>
/// Builds a supervisor tree from code, without a host: the root's options, its process types and groups in start
/// order, and what the tree runs on (clock, logging, metrics, services). <see cref="Build"/> returns the
/// <see cref="Supervisor"/> to start and stop. The Generic Host integration (<c>Supervision.Extensions</c>) is
/// built on this class alone.
/// </summary>
public sealed class SupervisorBuilder
{
    private readonly ProcessGroupDefinition _root = new(new ProcessGroupOptions());

    /// <summary>Gets how the root supervisor treats its failing children.</summary>
    public ProcessGroupOptions Options => _root.Options;

    /// <summary>
    /// Gets or sets the clock of every delay, timeout and timestamp of the tree. On <see cref="TimeProvider.System"/>
    /// the tree's timers fire on a precise timer thread of its own rather than on .NET's coarse timer ticks.
    /// </summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Gets or sets where the tree logs (category <c>Supervision</c>) and where the output of child processes in
    /// <see cref="ChildOutputMode.Log"/> mode goes (category <c>Supervision.TYPE</c>).
    /// </summary>
    /// <value>The default value is <see cref="NullLoggerFactory.Instance"/>.</value>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>Gets or sets what creates the <c>Supervision</c> meter; none is created when <see langword="null"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>
    /// Gets or sets the services in-process workers come from: each run gets a scope of its own
    /// (<see cref="IServiceScopeFactory"/>); with none, a worker gets an empty service provider.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IServiceProvider? Services { get; set; }

    /// <summary>Gets or sets where child processes in <see cref="ChildOutputMode.Prefix"/> mode write, uncoloured.</summary>
    /// <value>The default value is <see langword="null"/>: standard output, coloured when it is a terminal.</value>
    public Stream? PrefixOutput { get; set; }

    /// <summary>The source of backoff jitter; tests pin it.</summary>
    internal Random? Random { get; set; }

    /// <summary>Adds a process type to the root, after the children added before it.</summary>
    /// <param name="type">The process type.</param>
    /// <returns>This builder, to chain calls.</returns>
    public SupervisorBuilder Add(ProcessTypeDefinition type)
    {
        _root.Add(type);
        return this;
    }

    /// <summary>Adds a process group to the root, after the children added before it.</summary>
    /// <param name="group">The process group.</param>
    /// <returns>This builder, to chain calls.</returns>
    public SupervisorBuilder Add(ProcessGroupDefinition group)
    {
        _root.Add(group);
        return this;
    }

    /// <summary>Builds the tree; nothing runs until <see cref="Supervisor.StartAsync"/>.</summary>
    /// <returns>The supervisor of the tree.</returns>
    /// <exception cref="ArgumentException">Two process types or groups have the same name (names are case-insensitive).</exception>
    /// <exception cref="PlatformNotSupportedException">A child process type, on another system than Linux.</exception>
    public Supervisor Build()
    {
        var supervisor = new Supervisor(PreciseTimeProvider.ForClock(TimeProvider), LoggerFactory.CreateLogger("Supervision"), Random ?? Random.Shared, MeterFactory);
        var tree = new TreeAssembly(this, supervisor.Runtime);
        supervisor.Root = tree.Build(_root);
        return supervisor;
    }

    /// <summary>The one pass from definitions to supervisors, type slots and launchers.</summary>
    private sealed class TreeAssembly(SupervisorBuilder builder, SupervisionRuntime runtime)
    {
        private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
        private readonly IServiceScopeFactory _scopes = builder.Services?.GetService<IServiceScopeFactory>() ?? NoServices.Instance;
        private PrefixConsole? _console;
        private int _typeIndex;

        public SupervisorNode Build(ProcessGroupDefinition group)
        {
            var node = new SupervisorNode(group.Name, group.Options, runtime);
            foreach (ProcessTreeNode child in group.Children)
            {
                if (child.Type is { } type)
                {
                    Claim(type.Name);
                    if (type.Options.Readiness.Probe is ReadinessProbe.Tcp or ReadinessProbe.Http && type.Port is null)
                    {
                        throw new ArgumentException($"The process type '{type.Name}' has a {type.Options.Readiness.Probe} readiness probe but no Port to probe.");
                    }

                    if (type.Options.Readiness.Probe == ReadinessProbe.Output && (!type.IsChildProcess || type.Options.Output == ChildOutputMode.Inherit || string.IsNullOrEmpty(type.Options.Readiness.Pattern)))
                    {
                        throw new ArgumentException($"The process type '{type.Name}' has an Output readiness probe, which needs a child process whose output the host reads (Output Log or Prefix) and a Pattern.");
                    }

                    if (type.Options.Liveness.Probe is LivenessProbe.Tcp or LivenessProbe.Http && type.Port is null)
                    {
                        throw new ArgumentException($"The process type '{type.Name}' has a {type.Options.Liveness.Probe} liveness probe but no Port to probe.");
                    }

                    node.AddType(type.Name, type.Count, type.Options, type.Port, Launcher(type));
                }
                else
                {
                    Claim(child.Group!.Name);
                    node.AddGroup(Build(child.Group));
                }
            }

            return node;
        }

        private void Claim(string name)
        {
            if (!_names.Add(name))
            {
                throw new ArgumentException($"The tree has two process types or groups named '{name}'; names must be unique (case-insensitive).");
            }
        }

        private ProcessLauncher Launcher(ProcessTypeDefinition type)
        {
            int typeIndex = _typeIndex++;
            if (type.CreateWorker is { } createWorker)
            {
                return new InProcessLauncher(_scopes, createWorker);
            }

            // Child processes are Linux code (posix_spawn, pidfds, /proc, process groups); the analyzer proves that
            // nothing else of the tree reaches it.
            if (!OperatingSystem.IsLinux())
            {
                throw new PlatformNotSupportedException(
                    $"The process type '{type.Name}' runs a child process, and child processes need Linux (this is {System.Runtime.InteropServices.RuntimeInformation.OSDescription}); in-process types run anywhere.");
            }

            _console ??= builder.PrefixOutput is { } output ? new PrefixConsole(output, colour: false, runtime.Time) : PrefixConsole.ForStandardOutput(runtime.Time);
            if (type.Options.Output == ChildOutputMode.Prefix)
            {
                // Foreman pads every name to the longest one from the first line on.
                for (int instance = 1; instance <= type.Count; instance++)
                {
                    _console.Register($"{type.Name}.{instance}");
                }
            }

            return new ChildProcessLauncher(type.Options, typeIndex, builder.LoggerFactory.CreateLogger("Supervision." + type.Name), _console, runtime.Time);
        }
    }
}
