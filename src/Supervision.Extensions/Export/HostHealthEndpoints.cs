namespace Supervision.Extensions.Export;

/// <summary>
/// Where the host serves its health endpoints in a container (<see cref="FormationExportOptions.HealthPort"/>): the
/// Kubernetes probes of a type that has none of its own.
/// </summary>
internal sealed record HostHealthEndpoints(int Port, string? ReadinessPath, string? LivenessPath)
{
    /// <summary>The endpoints the options name; <see langword="null"/> when they name none.</summary>
    /// <exception cref="ArgumentException">A port without a path, a path without a port, a port out of range or a path that is not absolute.</exception>
    public static HostHealthEndpoints? From(FormationExportOptions export)
    {
        if (export.HealthPort is null && export.ReadinessPath is null && export.LivenessPath is null)
        {
            return null;
        }

        var problems = new List<string>();
        if (export.HealthPort is not int port)
        {
            problems.Add("FormationExportOptions.HealthPort: needed by ReadinessPath and LivenessPath, the port the host serves them on.");
            port = 0;
        }
        else if (port is < 1 or > 65535)
        {
            problems.Add($"FormationExportOptions.HealthPort: must be between 1 and 65535, was {port}.");
        }

        if (export.ReadinessPath is null && export.LivenessPath is null)
        {
            problems.Add("FormationExportOptions.HealthPort: names no endpoint; set ReadinessPath, LivenessPath or both.");
        }

        CheckPath(nameof(FormationExportOptions.ReadinessPath), export.ReadinessPath, problems);
        CheckPath(nameof(FormationExportOptions.LivenessPath), export.LivenessPath, problems);
        return problems.Count == 0
            ? new HostHealthEndpoints(port, export.ReadinessPath, export.LivenessPath)
            : throw new ArgumentException(string.Join('\n', problems), nameof(export));
    }

    private static void CheckPath(string property, string? path, List<string> problems)
    {
        if (path is not null && (!path.StartsWith('/') || path.Any(char.IsWhiteSpace)))
        {
            problems.Add($"FormationExportOptions.{property}: must be an absolute path such as /healthz/ready, without spaces, was '{path}'.");
        }
    }
}
