using System.Diagnostics;
using System.Text;

namespace Supervision.Testing;

/// <summary>
/// A built program (a host, the <c>supervise</c> runner, a sample) run as a real process with real signals. Its
/// output is kept line by line as raw bytes (stdout) and text, each line stamped on arrival, so that a test waits for
/// lines, not for time.
/// </summary>
public sealed class HostRun : IDisposable
{
    private readonly Process _process;
    private readonly List<Line> _lines = [];
    private readonly Task _stdout;
    private readonly Task _stderr;
    private readonly TimeSpan _readDelay;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostRun(string project, string assembly, IEnumerable<string> args, TimeSpan readDelay, Action<ProcessStartInfo>? configure)
        : this(RepositoryLayout.BuiltDll(project, assembly), ["dotnet", RepositoryLayout.BuiltDll(project, assembly), .. args], readDelay, configure)
    {
    }

    private HostRun(string program, IEnumerable<string> command, TimeSpan readDelay, Action<ProcessStartInfo>? configure)
    {
        // Through env --default-signal: a test runner started as a background job ignores SIGINT and SIGQUIT, and
        // a host inheriting that would never see the SIGINT a test sends it (.NET keeps an inherited SIG_IGN).
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(program),
        };
        start.ArgumentList.Add("--default-signal");
        foreach (string arg in command)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";

        // The time of the log entry itself: the console logger writes from a queue, so arrival times lag behind.
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        configure?.Invoke(start);
        _readDelay = readDelay;
        _process = Process.Start(start)!;
        Clock = Stopwatch.StartNew();
        _stdout = Task.Run(() => ReadAsync(_process.StandardOutput.BaseStream));
        _stderr = Task.Run(() => ReadAsync(_process.StandardError.BaseStream));
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Started with the process: the time base of every line.</summary>
    public Stopwatch Clock { get; }

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines.Select(static l => l.Text));
            }
        }
    }

    public static HostRun Start(string project, string assembly, params string[] args) => new(project, assembly, args, TimeSpan.Zero, null);

    /// <summary>Starts the program with its start info adjusted first (a launcher, environment variables).</summary>
    public static HostRun Start(string project, string assembly, Action<ProcessStartInfo> configure, params string[] args) => new(project, assembly, args, TimeSpan.Zero, configure);

    /// <summary>A program built outside this repository's build, by the path of its dll.</summary>
    public static HostRun StartDll(string dll, params string[] args) => new(dll, ["dotnet", dll, .. args], TimeSpan.Zero, null);

    /// <summary>A native executable (a Native AOT publish), run from its own folder.</summary>
    public static HostRun Native(string executable, params string[] args) => new(executable, [executable, .. args], TimeSpan.Zero, null);

    /// <summary>The test host with the reliability suite's types.</summary>
    public static HostRun TestHost(params string[] args) => TestHost(TimeSpan.Zero, null, args);

    /// <summary>The test host, its stdout read slowly (a pause after each read of at most 16 KiB): a slow sink.</summary>
    public static HostRun TestHost(TimeSpan readDelay, Action<ProcessStartInfo>? configure, params string[] args) =>
        new("tests/Supervision.TestHost", "Supervision.TestHost", ["--TestHost:Reliability=true", .. args], readDelay, configure);

    public List<Line> Lines()
    {
        lock (_lines)
        {
            return [.. _lines];
        }
    }

    public void Signal(int signal)
    {
        if (Posix.Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}.");
        }
    }

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for a line satisfying <paramref name="match"/>, at or after line number <paramref name="from"/>.</summary>
    public async Task<Line> WaitForLineAsync(Func<string, bool> match, int from = 0, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TestTimeouts.Wait);
        int next = from;
        while (true)
        {
            Task changed;
            lock (_lines)
            {
                for (; next < _lines.Count; next++)
                {
                    if (match(_lines[next].Text))
                    {
                        return _lines[next];
                    }
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching line within {within ?? TestTimeouts.Wait}; output:\n{Output}");
            }
        }
    }

    /// <summary>Waits for the host's "Application started" line: the formation is up.</summary>
    public Task WaitUntilStartedAsync() => WaitForLineAsync("Application started");

    /// <summary>Waits until the output so far satisfies <paramref name="condition"/>.</summary>
    public async Task WaitForOutputAsync(Func<string, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        while (true)
        {
            Task changed;
            lock (_lines)
            {
                changed = _changed.Task;
            }

            if (condition(Output))
            {
                return;
            }

            await changed.WaitAsync(timeout.Token);
        }
    }

    public Task<Line> WaitForLineAsync(string contains, int from = 0, TimeSpan? within = null) =>
        WaitForLineAsync(l => l.Contains(contains, StringComparison.Ordinal), from, within);

    /// <summary>Sends <paramref name="signal"/> and waits for the host to exit: its exit code, and how long it took from the signal.</summary>
    public async Task<(int ExitCode, TimeSpan Took)> SignalAndWaitForExitAsync(int signal)
    {
        TimeSpan signalled = Clock.Elapsed;
        Signal(signal);
        int exitCode = await WaitForExitAsync();
        return (exitCode, Clock.Elapsed - signalled);
    }

    /// <summary>Waits for the exit and the end of both outputs; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TestTimeouts.Wait);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            await Task.WhenAll(_stdout, _stderr).WaitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The host did not exit within {timeout ?? TestTimeouts.Wait}; output:\n{Output}");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private async Task ReadAsync(Stream stream)
    {
        byte[] buffer = new byte[16 * 1024];
        var pending = new MemoryStream();
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            int start = 0;
            for (int i = 0; i < read; i++)
            {
                if (buffer[i] == (byte)'\n')
                {
                    pending.Write(buffer, start, i - start);
                    Add(pending.ToArray());
                    pending.SetLength(0);
                    start = i + 1;
                }
            }

            pending.Write(buffer, start, read - start);
            if (_readDelay > TimeSpan.Zero)
            {
                await Task.Delay(_readDelay);
            }
        }

        if (pending.Length > 0)
        {
            Add(pending.ToArray());
        }
    }

    private void Add(byte[] raw)
    {
        var line = new Line(Clock.Elapsed, raw, Encoding.UTF8.GetString(raw));
        lock (_lines)
        {
            _lines.Add(line);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>One line of output, as it arrived.</summary>
    public sealed record Line(TimeSpan At, byte[] Raw, string Text)
    {
        /// <summary>The time of day a log line was logged, from its "HH:mm:ss.fff " prefix.</summary>
        public TimeSpan Logged => TimeSpan.ParseExact(Text[..12], @"hh\:mm\:ss\.fff", System.Globalization.CultureInfo.InvariantCulture);
    }
}
