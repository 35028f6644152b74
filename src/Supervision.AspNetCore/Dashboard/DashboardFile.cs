using System.Text;
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

    /// <summary>This file with one piece of text replaced: the page as a read-only mapping serves it.</summary>
    public DashboardFile Replace(string text, string replacement)
    {
        string content = Encoding.UTF8.GetString(_content);
        if (!content.Contains(text, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The dashboard file {Name} has no '{text}'.");
        }

        return new DashboardFile(Name, Encoding.UTF8.GetBytes(content.Replace(text, replacement, StringComparison.Ordinal)), _contentType);
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
