namespace Supervision;

/// <summary>When an instance that exited is started again.</summary>
public enum RestartPolicy
{
    /// <summary>Restart after any exit (Erlang/OTP <c>permanent</c>). The default.</summary>
    Always,

    /// <summary>Restart only after a failure: an exception, a non-zero exit code or a signal (OTP <c>transient</c>).</summary>
    OnFailure,

    /// <summary>Never restart (OTP <c>temporary</c>), not even when a sibling's failure restarts the others.</summary>
    Never,
}
