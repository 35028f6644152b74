using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Supervision;

namespace ProcfileRunner;

/// <summary>The commands of <c>supervise</c>, on one host set-up. Bad input is one line per problem on stderr and exit code 1.</summary>
internal static class Runner
{
    public const int BadInput = 1;

    public static async Task<int> StartAsync(RunSettings settings)
    {
        if (Build(settings, starts: true) is not (var host, _))
        {
            return BadInput;
        }

        using (host)
        {
            // Foreman traps HUP (a closed terminal or SSH session) and stops gracefully; so does supervise.
            IHostApplicationLifetime lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            using PosixSignalRegistration hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                lifetime.StopApplication();
            });
            await host.RunAsync();
        }

        return Environment.ExitCode;
    }

    public static int Check(RunSettings settings)
    {
        if (Build(settings) is not (var host, var plan))
        {
            return BadInput;
        }

        using (host)
        {
            Console.WriteLine($"valid procfile detected ({string.Join(", ", plan.Types)})");
            return 0;
        }
    }

    public static async Task<int> ExportAsync(RunSettings settings, ExportSettings export, CancellationToken cancellationToken)
    {
        if (export.Format is not ("procfile" or "systemd" or "kubernetes"))
        {
            Error($"FORMAT: must be procfile, systemd or kubernetes, was '{export.Format}'.");
            return BadInput;
        }

        FormationExportFormat format = Enum.Parse<FormationExportFormat>(export.Format, ignoreCase: true);

        if (Build(settings) is not (var host, _))
        {
            return BadInput;
        }

        using (host)
        {
            // Every type of a Procfile is a child that systemd or Foreman runs itself; only a container runs
            // `supervise` again, for one instance of one type, with the same settings.
            List<string> oneType = ["start", "-f", settings.Procfile, FormationExportOptions.TypePlaceholder, "-m", FormationExportOptions.TypePlaceholder + "=1"];
            Add(oneType, "-t", settings.TimeoutSeconds);
            Add(oneType, "-p", settings.PortBase);
            Add(oneType, "--restart", settings.Restart);
            Add(oneType, "--max-restarts", settings.MaxRestarts);
            Add(oneType, "--restart-window", settings.RestartWindowSeconds);
            Add(oneType, "-e", settings.EnvFile);

            var options = new FormationExportOptions
            {
                AppName = export.AppName ?? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(settings.Procfile))),
                Image = export.Image,
                ProcessTypeArguments = oneType,
            };
            try
            {
                foreach (string file in await host.ExportFormationAsync(format, export.Directory, options, cancellationToken))
                {
                    Console.WriteLine(file);
                }

                return 0;
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                foreach (string line in exception.Message.Split('\n'))
                {
                    Error(line);
                }

                return BadInput;
            }
        }

        static void Add(List<string> arguments, string name, string? value)
        {
            if (value is not null)
            {
                arguments.AddRange([name, value]);
            }
        }
    }

    public static void Error(string message) => Console.Error.WriteLine($"supervise: {message}");

    /// <summary>The host, its options validated; <see langword="null"/> after printing every problem.</summary>
    private static (IHost Host, RunPlan Plan)? Build(RunSettings settings, bool starts = false)
    {
        var errors = new List<string>();
        RunPlan? plan = RunPlan.Create(settings, errors);
        if (plan is null)
        {
            errors.ForEach(Error);
            return null;
        }

        if (!starts)
        {
            // A started host logs them itself, as warnings of the log.
            foreach (string warning in plan.Procfile.Warnings)
            {
                Error("warning: " + warning);
            }
        }

        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Environment.CurrentDirectory });
        builder.Configuration.AddInMemoryCollection(plan.Defaults);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(plan.Arguments);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        // Each instance's stop is a Debug entry of the supervisor's log: shown, as Foreman shows each process ending.
        builder.Logging.SetMinimumLevel(LogLevel.Information).AddFilter("Supervision", LogLevel.Debug);
        try
        {
            builder.AddProcfile(settings.Procfile, settings.EnvFile);
        }
        catch (Exception exception) when (exception is FormatException or IOException)
        {
            foreach (string line in exception.Message.Split('\n'))
            {
                Error(line);
            }

            return null;
        }

        builder.Services.AddSupervision();

        // The whole stop fits the host's shutdown timeout: the longest stop timeout and a margin.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<SupervisionOptions>>(static (host, supervision) =>
            host.ShutdownTimeout = supervision.Value.ProcessTypes.Values.Select(static t => t.StopTimeout).DefaultIfEmpty(TimeSpan.Zero).Max() + TimeSpan.FromSeconds(5));
        IHost? host = null;
        try
        {
            // Validated here rather than at the host's start, so that a problem is a message, not a failure log and a
            // stack trace. Building the host may already read the options (the shutdown timeout comes from them).
            host = builder.Build();
            _ = host.Services.GetRequiredService<IOptions<SupervisionOptions>>().Value;
            return (host, plan);
        }
        catch (OptionsValidationException exception)
        {
            exception.Failures.ToList().ForEach(Error);
        }
        catch (InvalidOperationException exception)
        {
            // The configuration binder: a value that is not of its key's type (Supervision__MaxRestarts=many).
            Error(exception.Message);
        }

        host?.Dispose();
        return null;
    }
}
