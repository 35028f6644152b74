namespace Supervision;

/// <summary>Which children a supervisor restarts when one of them fails.</summary>
public enum SupervisionStrategy
{
    /// <summary>Only the failed instance restarts. The default.</summary>
    OneForOne,

    /// <summary>All children stop in reverse start order, then all start again in order.</summary>
    OneForAll,

    /// <summary>The failed instance and the children started after it (later types and groups) restart.</summary>
    RestForOne,
}
