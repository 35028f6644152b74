using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Supervision.AspNetCore.Dashboard;

/// <summary>The dashboard: an HTML page, its script and its style sheet, served from the assembly's resources.</summary>
internal static class DashboardEndpoints
{
    private static readonly DashboardFile Page = DashboardFile.Load("index.html", "text/html; charset=utf-8");
    private static readonly DashboardFile ReadOnlyPage = Page.Replace("data-actions=\"on\"", "data-actions=\"off\"");
    private static readonly DashboardFile Script = DashboardFile.Load("dashboard.js", "text/javascript; charset=utf-8");
    private static readonly DashboardFile Style = DashboardFile.Load("dashboard.css", "text/css; charset=utf-8");

    public static void Map(RouteGroupBuilder group, bool readOnly)
    {
        DashboardFile page = readOnly ? ReadOnlyPage : Page;
        group.MapGet(string.Empty, (HttpContext context) => ServePageAsync(context, page)).ExcludeFromDescription();
        group.MapGet(Script.Name, Script.ServeAsync).ExcludeFromDescription();
        group.MapGet(Style.Name, Style.ServeAsync).ExcludeFromDescription();
    }

    private static Task ServePageAsync(HttpContext context, DashboardFile page)
    {
        // The page links its script, styles and endpoints relatively: it must be addressed as a folder ("/supervision/").
        HttpRequest request = context.Request;
        if (!request.Path.Value!.EndsWith('/'))
        {
            context.Response.Redirect($"{request.PathBase}{request.Path}/{request.QueryString}");
            return Task.CompletedTask;
        }

        return page.ServeAsync(context);
    }
}
