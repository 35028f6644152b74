// README.md, "Operating a running host": the endpoints and the dashboard of Supervision.AspNetCore.
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Supervision.Docs.Snippets;

internal static class Operations
{
    public static void Run(WebApplicationBuilder builder)
    {
        builder.AddProcessType<QueueWorker>("worker", o => o.Count = 2);
        builder.Services.AddAuthentication().AddCookie();                          // the app's own sign-in
        builder.Services.AddAuthorizationBuilder().AddPolicy("ops", p => p.RequireRole("ops"));

        WebApplication app = builder.Build();
        app.MapSupervision("/supervision")          // the dashboard at /supervision/; status, events and actions beside it
           .RequireAuthorization("ops");            // on top of the default policy, which is always required
        app.Run();
    }

    public static void Development(WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapSupervision("/supervision", o => o.AllowAnonymous = true);     // no sign-in: only where nobody else connects
        }
    }
}
