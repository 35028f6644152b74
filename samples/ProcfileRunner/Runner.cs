using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Supervision;

namespace ProcfileRunner;

/// <summary>The commands of <c>supervise</c>, on one host set-up.</summary>
internal static class Runner
{
    public static async Task<int> StartAsync(RunSettings settings)
    {
        if (Build(settings) is not { } host)
        {
            return 2;
        }

        using (host)
        {
            await host.RunAsync();
        }

        return Environment.ExitCode;
    }

    public static int Check(RunSettings settings)
    {
        if (Build(settings) is not { } host)
        {
            return 1;
        }

        using (host)
        {
            try
            {
                // Building the options validates them: every command found, every working directory there.
                SupervisionOptions options = host.Services.GetRequiredService<IOptions<SupervisionOptions>>().Value;
                Console.WriteLine($"valid procfile detected ({string.Join(", ", options.ProcessTypes.Keys)})");
                return 0;
            }
            catch (OptionsValidationException exception)
            {
                foreach (string failure in exception.Failures)
                {
                    Console.Error.WriteLine(failure);
                }

                return 1;
            }
        }
    }

    public static async Task<int> ExportAsync(RunSettings settings, ExportSettings export, CancellationToken cancellationToken)
    {
        if (Build(settings) is not { } host)
        {
            return 1;
        }

        using (host)
        {
            // Every type of a Procfile is a child that systemd or Foreman runs itself; only a container runs
            // `supervise` again, for one instance of one type, with the same settings.
            List<string> oneType = ["start", "-f", settings.Procfile, FormationExportOptions.TypePlaceholder, "-m", FormationExportOptions.TypePlaceholder + "=1",
                "-t", settings.TimeoutSeconds.ToString(CultureInfo.InvariantCulture), "-p", settings.PortBase.ToString(CultureInfo.InvariantCulture), "--restart", settings.Restart];
            if (settings.EnvFile is not null)
            {
                oneType.AddRange(["-e", settings.EnvFile]);
            }

            var options = new FormationExportOptions
            {
                AppName = export.AppName ?? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(settings.Procfile))),
                Image = export.Image,
                ProcessTypeArguments = oneType,
            };
            try
            {
                FormationExportFormat format = Enum.Parse<FormationExportFormat>(export.Format, ignoreCase: true);
                foreach (string file in await host.ExportFormationAsync(format, export.Directory, options, cancellationToken))
                {
                    Console.WriteLine(file);
                }

                return 0;
            }
            catch (OptionsValidationException exception)
            {
                foreach (string failure in exception.Failures)
                {
                    Console.Error.WriteLine(failure);
                }

                return 1;
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine(exception.Message);
                return 1;
            }
        }
    }

    private static IHost? Build(RunSettings settings)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Environment.CurrentDirectory });
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        try
        {
            builder.AddProcfile(settings.Procfile, settings.EnvFile);
        }
        catch (Exception exception) when (exception is FormatException or IOException)
        {
            Console.Error.WriteLine(exception.Message);
            return null;
        }

        RestartPolicy policy = settings.Restart switch
        {
            "always" => RestartPolicy.Always,
            "never" => RestartPolicy.Never,
            _ => RestartPolicy.OnFailure,
        };
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(settings.TimeoutSeconds + 5));
        builder.Services.AddSupervision(o =>
        {
            o.Formation = settings.Formation;
            o.Only = settings.OnlyType;
            o.PortBase = settings.PortBase;
        });
        builder.Services.PostConfigure<SupervisionOptions>(o =>
        {
            foreach (ProcessTypeOptions processType in o.ProcessTypes.Values)
            {
                processType.Restart = policy;
                processType.Output = ChildOutputMode.Prefix;
                processType.StopTimeout = TimeSpan.FromSeconds(settings.TimeoutSeconds);
            }
        });
        if (policy == RestartPolicy.Never)
        {
            builder.Services.AddHostedService<StopWhenOneExits>();
        }

        return builder.Build();
    }
}
