// A web app with the Supervision dashboard: dotnet run --project samples/Dashboard, then open
// http://127.0.0.1:5080/supervision/ and watch "flaky" crash and come back; restart or scale from the page.
using Dashboard;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:5080");      // this machine only: the sample has no sign-in
builder.AddProcessType<Ticker>("ticker", o => o.Count = 2);
builder.AddProcessType<FlakyWorker>("flaky");

WebApplication app = builder.Build();

// A sample without sign-in, so anonymous by explicit opt-in. A real app keeps the default (the app's authorization
// policy is required) and chains its own: app.MapSupervision("/supervision").RequireAuthorization("ops").
app.MapSupervision("/supervision", o => o.AllowAnonymous = true);
app.MapGet("/", () => Results.Redirect("/supervision/"));
app.Run();
