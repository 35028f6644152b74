using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace MixedTree;

/// <summary>The child process web server: answers on 127.0.0.1:$PORT until SIGTERM.</summary>
public static class WebServer
{
    /// <summary>How the host starts this program in web mode: its own dll when it runs under dotnet.</summary>
    public static string[] Arguments() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? [typeof(WebServer).Assembly.Location, "web"] : ["web"];

    public static async Task<int> RunAsync()
    {
        string port = Environment.GetEnvironmentVariable("PORT") ?? "5000";
        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        Console.WriteLine($"{Environment.GetEnvironmentVariable("PS")} listening on http://127.0.0.1:{port}/");
        try
        {
            while (true)
            {
                HttpListenerContext request = await listener.GetContextAsync().WaitAsync(stop.Token);
                byte[] body = Encoding.UTF8.GetBytes($"hello from {Environment.GetEnvironmentVariable("PS")}\n");
                try
                {
                    await request.Response.OutputStream.WriteAsync(body, stop.Token);
                    request.Response.Close();
                }
                catch (HttpListenerException)
                {
                    // A client that hung up before the answer (a readiness probe reads the status line only).
                    request.Response.Abort();
                }
            }
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("stopping");
            return 0;
        }
    }
}
