namespace Supervision;

/// <summary>What a formation is exported as, for a process manager beyond this host.</summary>
public enum FormationExportFormat
{
    /// <summary>A Foreman <c>Procfile</c>: one line per process type, the formation in a comment.</summary>
    Procfile,

    /// <summary>systemd template units <c>APP-TYPE@.service</c> and an <c>APP.target</c> that wants every instance.</summary>
    Systemd,

    /// <summary>Kubernetes Deployments, one per process type, in one multi-document <c>APP.yaml</c>.</summary>
    Kubernetes,
}
