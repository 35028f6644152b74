namespace Supervision;

/// <summary>When the end of significant children ends their supervisor (Erlang/OTP's <c>auto_shutdown</c>).</summary>
public enum AutoShutdown
{
    /// <summary>Never: significant or not, children end without ending their supervisor.</summary>
    Never,

    /// <summary>When any significant child ends for good (Foreman's "one exits, all stop" when every type is significant).</summary>
    AnySignificant,

    /// <summary>When every significant child has ended for good.</summary>
    AllSignificant,
}
