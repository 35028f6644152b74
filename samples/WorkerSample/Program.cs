// A worker service with two supervised process types, configured in appsettings.json:
// "clock", an ordinary BackgroundService, and "worker", an IProcess that crashes every few seconds
// so the console shows restarts and backoff. Ctrl+C or SIGTERM stops both and exits with code 0.
using Microsoft.Extensions.Options;
using Supervision;
using WorkerSample;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.AddProcessType<ClockService>("clock");
builder.AddProcessType<FlakyWorker>("worker");

using IHost host = builder.Build();
try
{
    // Bad configuration is one message per problem and exit code 1, before anything starts.
    _ = host.Services.GetRequiredService<IOptions<SupervisionOptions>>().Value;
}
catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException)
{
    Console.Error.WriteLine(exception is OptionsValidationException validation ? string.Join('\n', validation.Failures) : exception.Message);
    return 1;
}

await host.RunAsync();
return Environment.ExitCode;
