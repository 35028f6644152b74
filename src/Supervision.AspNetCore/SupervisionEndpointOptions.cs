namespace Supervision;

/// <summary>How <c>MapSupervision</c> maps the operations endpoints and the dashboard.</summary>
public sealed class SupervisionEndpointOptions
{
    /// <summary>Gets or sets whether anyone who reaches the endpoints may read the tree and act on it, without authorization.</summary>
    /// <value>
    /// The default value is <see langword="false"/>: every endpoint requires the application's default authorization
    /// policy. <see langword="true"/> marks the endpoints anonymous, which also overrides any authorization chained on the
    /// returned group; meant for development on a machine nobody else reaches.
    /// </value>
    public bool AllowAnonymous { get; set; }

    /// <summary>Gets or sets whether only the reading endpoints are mapped (status, events, the dashboard), not the actions.</summary>
    /// <value>The default value is <see langword="false"/>: scale and restart are mapped too, and the dashboard offers them.</value>
    public bool ReadOnly { get; set; }
}
