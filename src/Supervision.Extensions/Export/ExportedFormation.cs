using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Supervision.Extensions.Formations;
using Supervision.Extensions.Registration;

namespace Supervision.Extensions.Export;

/// <summary>
/// The formation as the writers see it, built from the same inputs as the supervisor tree: the registry (what code
/// declared, in start order) and the effective <see cref="SupervisionOptions"/>. Every type is exported whatever
/// <see cref="SupervisionOptions.Only"/> says: choosing one type per process is what the export itself produces.
/// </summary>
internal sealed class ExportedFormation
{
    /// <summary>What a process manager adds to a type's StopTimeout when the host runs the type: the host's own exit.</summary>
    public static readonly TimeSpan HostStopMargin = TimeSpan.FromSeconds(5);

    private ExportedFormation(string appName, IReadOnlyList<string> hostCommand, IReadOnlyList<string> processTypeArguments, string image, string workingDirectory, IReadOnlyList<ExportedProcessType> types, HostHealthEndpoints? health)
    {
        Health = health;
        AppName = appName;
        HostCommand = hostCommand;
        ProcessTypeArguments = processTypeArguments;
        Image = image;
        WorkingDirectory = workingDirectory;
        Types = types;
    }

    public string AppName { get; }

    /// <summary>The program and leading arguments that start the host.</summary>
    public IReadOnlyList<string> HostCommand { get; }

    /// <summary>The arguments that make the host run one instance of one type, with the placeholder still in them.</summary>
    public IReadOnlyList<string> ProcessTypeArguments { get; }

    public string Image { get; }

    /// <summary>The host's working directory, absolute.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Where the host serves its health endpoints in a container; <see langword="null"/> when the app maps none.</summary>
    public HostHealthEndpoints? Health { get; }

    /// <summary>Every process type, in the order the tree starts them (which is also the order of the Foreman port rule).</summary>
    public IReadOnlyList<ExportedProcessType> Types { get; }

    /// <summary>The init steps that start before <paramref name="type"/>, in start order: what it waits for.</summary>
    public IEnumerable<ExportedProcessType> InitStepsBefore(ExportedProcessType type) =>
        Types.TakeWhile(t => t != type).Where(static t => t.IsInitStep);

    /// <summary>The formation in Foreman <c>-m</c> syntax.</summary>
    public string FormationText => string.Join(',', Types.Select(static t => $"{t.Name}={t.Count}"));

    /// <summary>The arguments that make the host run one instance of <paramref name="type"/>.</summary>
    public IEnumerable<string> ArgumentsFor(ExportedProcessType type) =>
        ProcessTypeArguments.Select(a => a.Replace(FormationExportOptions.TypePlaceholder, type.Name, StringComparison.Ordinal));

    public static ExportedFormation Create(SupervisionRegistry registry, SupervisionOptions options, FormationExportOptions export)
    {
        string appName = export.AppName ?? DefaultAppName();
        if (!IsValidAppName(appName))
        {
            throw new ArgumentException($"'{appName}' is not a valid application name for an export: use letters, digits, '_', '-' and '.'.", nameof(export));
        }

        string workingDirectory = Path.GetFullPath(export.WorkingDirectory ?? Environment.CurrentDirectory);
        var builder = new TypesBuilder(registry, options, workingDirectory);
        HostHealthEndpoints? health = HostHealthEndpoints.From(export);
        if (health is not null && builder.Types.Find(t => t.IsChild && t.Port == health.Port) is { } clash)
        {
            // Each pod runs one instance, on the type's first port: the host could not serve its endpoints there too.
            throw new ArgumentException($"FormationExportOptions.HealthPort: {health.Port} is also the port of process type '{clash.Name}'; the host and its child cannot both listen on it.", nameof(export));
        }

        return new ExportedFormation(
            appName,
            export.HostCommand.Count > 0 ? [.. export.HostCommand] : DefaultHostCommand(),
            [.. export.ProcessTypeArguments],
            export.Image ?? appName.ToLowerInvariant() + ":latest",
            workingDirectory,
            builder.Types,
            health);
    }

    private static bool IsValidAppName(string name) =>
        name.Length > 0 && name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private static string DefaultAppName()
    {
        string name = Assembly.GetEntryAssembly()?.GetName().Name ?? "app";
        return new string([.. name.Select(static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '-')]);
    }

    [UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "Read only when the process is dotnet itself, which runs an assembly from its file.")]
    private static List<string> DefaultHostCommand()
    {
        string program = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown; set FormationExportOptions.HostCommand.");

        // A framework-dependent app run as `dotnet app.dll` is started again the same way.
        return Path.GetFileNameWithoutExtension(program) == "dotnet" && Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry
            ? [program, entry]
            : [program];
    }

    /// <summary>Collects the types from the same walk the supervisor tree is built on, so indexes and ports agree.</summary>
    private sealed class TypesBuilder : FormationWalker
    {
        private readonly string _workingDirectory;
        private readonly Stack<ProcessGroupOptions> _supervisors = new();

        public TypesBuilder(SupervisionRegistry registry, SupervisionOptions options, string workingDirectory)
            : base(registry, options)
        {
            _workingDirectory = workingDirectory;
            _supervisors.Push(options);
            Walk();
        }

        public List<ExportedProcessType> Types { get; } = [];

        protected override void OnGroupStart(ProcessGroupRegistration group, ProcessGroupOptions options) => _supervisors.Push(options);

        protected override void OnGroupEnd(ProcessGroupRegistration group) => _supervisors.Pop();

        protected override void OnType(PlannedType planned)
        {
            ProcessTypeOptions type = planned.Options;
            string? command = null;
            string directory = _workingDirectory;
            if (planned.IsChildProcess)
            {
                // As the child launcher does: the directory relative to the host's, the command found on PATH.
                directory = CommandResolver.ResolveWorkingDirectory(type.WorkingDirectory, _workingDirectory);
                command = CommandResolver.Resolve(type.Command, Environment.GetEnvironmentVariable("PATH"), directory);
            }

            Types.Add(new ExportedProcessType(
                planned.Name,
                planned.Count,
                command,
                [.. type.Arguments],
                directory,
                [.. type.Environment.OrderBy(static v => v.Key, StringComparer.Ordinal)],
                planned.Port,
                StopSignalName(type.StopSignal),
                _supervisors.Peek(),
                type));
        }

        private static string StopSignalName(string signal)
        {
            string name = signal.Trim();
            if (name.All(char.IsAsciiDigit))
            {
                return name;
            }

            return name.StartsWith("SIG", StringComparison.OrdinalIgnoreCase) ? name.ToUpperInvariant() : "SIG" + name.ToUpperInvariant();
        }
    }
}
