using System.Diagnostics;

namespace Supervision.Benchmarks;

/// <summary>
/// B8's server, the same for every contender: a Python HTTP server on <c>PORT</c> that sleeps 200 ms before it binds
/// (the gap between "started" and "can serve"), answers every GET with <c>200 ok</c>, and once it listens tells PM2 so
/// (<c>process.send('ready')</c> of a Node app: a JSON line on the IPC descriptor PM2 passes in <c>NODE_CHANNEL_FD</c>).
/// Exits on SIGTERM and SIGINT at once, like many real servers: requests in flight fail and the client retries.
/// </summary>
internal sealed class SlowStartServer
{
    private const string Script = """
        import http.server, os, time
        time.sleep(float(os.environ.get("START_DELAY", "0.2")))

        class Ok(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Length", "3")
                self.end_headers()
                self.wfile.write(b"ok\n")

            def log_message(self, *args):
                pass

        http.server.ThreadingHTTPServer.request_queue_size = 128
        server = http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Ok)
        channel = os.environ.get("NODE_CHANNEL_FD")
        if channel:
            os.write(int(channel), b'"ready"\n')
        server.serve_forever()
        """;

    private SlowStartServer(string interpreter, string scriptPath)
    {
        Interpreter = interpreter;
        ScriptPath = scriptPath;
    }

    /// <summary>The Python interpreter itself (not a version manager's shim, which would add its own start-up).</summary>
    public string Interpreter { get; }

    public string ScriptPath { get; }

    /// <summary>Writes the script into <paramref name="directory"/> and finds the interpreter behind <c>python3</c>.</summary>
    public static async Task<SlowStartServer> CreateAsync(string directory)
    {
        string path = Path.Combine(directory, "slow_start_server.py");
        await File.WriteAllTextAsync(path, Script);
        (int exit, string output) = await Shell.RunAsync("python3", ["-c", "import sys; print(sys.executable)"]);
        if (exit != 0)
        {
            throw new InvalidOperationException("B8 needs python3 on PATH: " + output);
        }

        return new SlowStartServer(output.Trim(), path);
    }
}
