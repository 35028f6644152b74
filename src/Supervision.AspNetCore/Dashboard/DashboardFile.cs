using Microsoft.AspNetCore.Http;

namespace Supervision.AspNetCore.Dashboard;

/// <summary>One embedded file of the dashboard, read once, served with headers that keep it in its own origin.</summary>
internal sealed class DashboardFile
{
    // Only this origin's script, styles and endpoints; no framing (the actions are one click away: no clickjacking).
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly byte[] _content;
    private readonly string _contentType;

    private DashboardFile(string name, byte[] content, string contentType)
    {
        Name = name;
        _content = content;
        _contentType = contentType;
    }

    public string Name { get; }

    public static DashboardFile Load(string name, string contentType)
    {
        using Stream stream = typeof(DashboardFile).Assembly.GetManifestResourceStream($"Supervision.Dashboard.{name}")
            ?? throw new InvalidOperationException($"The dashboard file {name} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new DashboardFile(name, copy.ToArray(), contentType);
    }

    public Task ServeAsync(HttpContext context)
    {
        HttpResponse response = context.Response;
        response.ContentType = _contentType;
        response.ContentLength = _content.Length;
        response.Headers.CacheControl = "no-cache";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        return response.Body.WriteAsync(_content, context.RequestAborted).AsTask();
    }
}
