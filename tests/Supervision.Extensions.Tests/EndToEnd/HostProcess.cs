using Supervision.Testing;
using System.Diagnostics;
using System.Text;

namespace Supervision.Extensions.Tests.EndToEnd;

/// <summary>A built host program run as a real child process, its output captured line by line.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(string dll, string[] args, Action<ProcessStartInfo>? configure = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,

            // The content root, where the program finds its own appsettings.json.
            WorkingDirectory = Path.GetDirectoryName(dll),
        };
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        configure?.Invoke(start);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static HostProcess Start(string project, string assembly, params string[] args) => new(Built(project, assembly), args);

    /// <summary>Starts a program built outside this repository's build, by the path of its dll.</summary>
    public static HostProcess StartDll(string dll, params string[] args) => new(dll, args);

    /// <summary>Starts the program with its start info adjusted first (a launcher, environment variables).</summary>
    public static HostProcess Start(string project, string assembly, Action<ProcessStartInfo> configure, params string[] args) => new(Built(project, assembly), args, configure);

    private static string Built(string project, string assembly) => RepositoryLayout.BuiltDll(project, assembly);

    /// <summary>Writes one line to the program's standard input.</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for the host's "Application started" line: the formation is up.</summary>
    public Task WaitUntilStartedAsync() => _ready.Task.WaitAsync(TestTimeouts.Wait);

    /// <summary>Waits until the output so far satisfies <paramref name="condition"/>.</summary>
    public async Task WaitForOutputAsync(Func<string, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        while (true)
        {
            Task changed;
            lock (_output)
            {
                if (condition(_output.ToString()))
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(timeout.Token);
        }
    }

    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        await _process.WaitForExitAsync(timeout.Token);
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

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }
}
