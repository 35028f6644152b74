namespace Supervision;

/// <summary>How a ready instance shows that it is still alive; one that stops showing it is hung, and restarted.</summary>
public enum LivenessProbe
{
    /// <summary>Alive as long as it runs.</summary>
    None,

    /// <summary>Alive while it calls <see cref="ProcessContext.Heartbeat"/> at least every <see cref="LivenessOptions.Timeout"/>.</summary>
    Heartbeat,
}
