namespace Supervision;

/// <summary>Where the output of a child process goes.</summary>
public enum ChildOutputMode
{
    /// <summary>Each line to <c>ILogger</c> category <c>Supervision.TYPE</c>, stdout at Information, stderr at Warning. The default.</summary>
    Log,

    /// <summary>Each line to the host's stdout as Foreman does: <c>HH:mm:ss web.1 | line</c>, coloured on a terminal.</summary>
    Prefix,

    /// <summary>The child writes straight to the host's stdout and stderr.</summary>
    Inherit,
}
