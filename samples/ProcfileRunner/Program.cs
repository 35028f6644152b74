// supervise: a Foreman-compatible Procfile runner built on Supervision. Unlike Foreman it restarts a crashed
// process per its restart policy; `--restart never` gives Foreman's "one exits, all stop" behaviour.
using System.CommandLine;
using System.CommandLine.Help;
using System.Text.Json.Nodes;
using ProcfileRunner;

// Numbers are read as text and checked by RunPlan, so that every bad value gets one message naming its argument.
var procfile = new Option<string>("--procfile", "-f") { Description = "The Procfile to run.", DefaultValueFactory = _ => "Procfile" };
var env = new Option<string?>("--env", "-e") { Description = "The env file (default: .env beside the Procfile, when there is one)." };

var type = new Argument<string?>("TYPE") { Description = "Run only this process type.", Arity = ArgumentArity.ZeroOrOne };
var formation = new Option<string?>("--formation", "-m") { Description = "How many of each type, as Foreman: web=2,worker=3 (types not named: 0; all=N sets them)." };
var timeout = new Option<string?>("--timeout", "-t") { Description = "Seconds a process has to stop after SIGTERM before SIGKILL, 1 to 86400 (default: 5)." };
var port = new Option<string?>("--port", "-p") { Description = "Base port: PORT = base + 100 × type index + instance − 1 (default: 5000)." };
var restart = new Option<string?>("--restart") { Description = "When a process that exited is started again: always, on-failure or never (default: on-failure)." };
var maxRestarts = new Option<string?>("--max-restarts") { Description = "Give up (stop everything, exit 1) after more restarts than this within the restart window; -1 never gives up (default: 5)." };
var restartWindow = new Option<string?>("--restart-window") { Description = "The restart window in seconds, 1 to 86400 (default: 30)." };

RunSettings Settings(ParseResult parse, bool withType, bool withFormation) => new(
    parse.GetValue(procfile)!,
    parse.GetValue(env),
    withType ? parse.GetValue(type) : null,
    withFormation ? parse.GetValue(formation) : null,
    parse.GetValue(timeout),
    parse.GetValue(port),
    parse.GetValue(restart),
    parse.GetValue(maxRestarts),
    parse.GetValue(restartWindow));

var startSocket = new Option<string?>("--socket", "-s") { Description = $"Where to open the control socket (default: {ControlClient.DefaultSocketName} beside the Procfile)." };
var noSocket = new Option<bool>("--no-socket") { Description = "Open no control socket." };
var start = new Command("start", "Start the processes of the Procfile and supervise them until SIGINT, SIGTERM or SIGHUP.")
{
    type, procfile, env, formation, timeout, port, restart, maxRestarts, restartWindow, startSocket, noSocket,
};
start.SetAction((parse, _) => Runner.StartAsync(
    Settings(parse, withType: true, withFormation: true),
    parse.GetValue(noSocket) ? null : new SocketChoice(parse.GetValue(startSocket) ?? ControlClient.DefaultSocket(parse.GetValue(procfile)!), Explicit: parse.GetValue(startSocket) is not null)));

var check = new Command("check", "Validate the Procfile and env file.") { procfile, env };
check.SetAction(parse => Runner.Check(Settings(parse, withType: false, withFormation: false)));

var format = new Argument<string>("FORMAT") { Description = "What to write: procfile, systemd or kubernetes." };
var directory = new Argument<string>("DIR") { Description = "The directory to write into (created when missing)." };
var app = new Option<string?>("--app", "-a") { Description = "The application's name (default: the Procfile's directory name)." };
var image = new Option<string?>("--image") { Description = "The container image of the Kubernetes Deployments (default: APP:latest)." };
var export = new Command("export", "Export the formation as a Procfile, systemd units or Kubernetes Deployments.")
{
    format, directory, procfile, env, formation, timeout, port, restart, maxRestarts, restartWindow, app, image,
};
export.SetAction((parse, cancellationToken) => Runner.ExportAsync(
    Settings(parse, withType: false, withFormation: true),
    new ExportSettings(parse.GetValue(format)!, parse.GetValue(directory)!, parse.GetValue(app), parse.GetValue(image)),
    cancellationToken));

// The control commands talk to a running `supervise start` through its socket; -f is --follow for logs, as tail's.
var socket = new Option<string?>("--socket", "-s") { Description = $"The control socket (default: {ControlClient.DefaultSocketName} beside the Procfile)." };
var socketProcfile = new Option<string>("--procfile") { Description = "The Procfile whose supervise to talk to.", DefaultValueFactory = _ => "Procfile" };
var json = new Option<bool>("--json") { Description = "Print the socket's JSON lines as they come instead of a table." };
string SocketOf(ParseResult parse) => parse.GetValue(socket) ?? ControlClient.DefaultSocket(parse.GetValue(socketProcfile)!);
Task<int> SendAsync(ParseResult parse, JsonObject request, CancellationToken cancellationToken) =>
    ControlClient.RunAsync(SocketOf(parse), request, parse.GetValue(json), cancellationToken);

var status = new Command("status", "Show every instance of a running supervise: state, pid, restarts, uptime, last exit.") { socket, socketProcfile, json };
status.SetAction((parse, cancellationToken) => SendAsync(parse, new JsonObject { ["command"] = "status" }, cancellationToken));

var scaleTo = new Argument<string>("TYPE=N") { Description = "The type and its new number of instances: web=3." };
var scale = new Command("scale", "Set how many instances of a type run.") { scaleTo, socket, socketProcfile, json };
scale.SetAction((parse, cancellationToken) =>
{
    string[] parts = parse.GetValue(scaleTo)!.Split('=');
    if (parts.Length != 2 || parts[0].Length == 0 || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int count))
    {
        Runner.Error($"TYPE=N: a type and a number of instances, 0 or more, such as web=3; was '{parse.GetValue(scaleTo)}'.");
        return Task.FromResult(Runner.BadInput);
    }

    return SendAsync(parse, new JsonObject { ["command"] = "scale", ["type"] = parts[0], ["count"] = count }, cancellationToken);
});

var target = new Argument<string>("TYPE[.N]") { Description = "A type (every instance) or one instance: web or web.2." };
var restartCommand = new Command("restart", "Restart one instance, or every instance of a type one at a time.") { target, socket, socketProcfile, json };
restartCommand.SetAction((parse, cancellationToken) => Targeted(parse, parse.GetValue(target), "restart", cancellationToken));

var signalName = new Argument<string>("SIGNAL") { Description = "The signal: HUP, SIGUSR1, a number…" };
var signal = new Command("signal", "Send a signal to one instance, or to every running instance of a type.") { target, signalName, socket, socketProcfile, json };
signal.SetAction((parse, cancellationToken) => Targeted(parse, parse.GetValue(target), "signal", cancellationToken, parse.GetValue(signalName)));

var logsTarget = new Argument<string?>("TYPE[.N]") { Description = "Only this type or instance (default: all).", Arity = ArgumentArity.ZeroOrOne };
var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines as they come, until Ctrl+C." };
var logs = new Command("logs", "Print the recent output lines of the instances, oldest first.") { logsTarget, follow, socket, socketProcfile, json };
logs.SetAction((parse, cancellationToken) => Targeted(parse, parse.GetValue(logsTarget), "logs", cancellationToken, follow: parse.GetValue(follow)));

Task<int> Targeted(ParseResult parse, string? text, string command, CancellationToken cancellationToken, string? signalValue = null, bool follow = false)
{
    if (ControlTarget.Parse(text) is not { } where || (command != "logs" && where.Type is null))
    {
        Runner.Error($"TYPE[.N]: a type or one instance of it, such as web or web.2; was '{text}'.");
        return Task.FromResult(Runner.BadInput);
    }

    var request = new JsonObject { ["command"] = command, ["type"] = where.Type, ["instance"] = where.Instance };
    if (signalValue is not null)
    {
        request["signal"] = signalValue;
    }

    if (follow)
    {
        request["follow"] = true;
    }

    return SendAsync(parse, request, cancellationToken);
}

var root = new RootCommand("supervise: run a Procfile under a supervisor tree.") { start, check, export, status, scale, restartCommand, signal, logs };
ParseResult parsed = root.Parse(args);

if (parsed.Errors.Count > 0)
{
    // One line per problem and a pointer to the usage, instead of the whole help text.
    foreach (System.CommandLine.Parsing.ParseError error in parsed.Errors)
    {
        Runner.Error(error.Message);
    }

    string command = parsed.CommandResult.Command == root ? "supervise" : "supervise " + parsed.CommandResult.Command.Name;
    Runner.Error($"run '{command} --help' for usage.");
    return Runner.BadInput;
}

if (parsed.Action is HelpAction)
{
    return HelpText.Write(parsed);
}

// The host handles SIGINT and SIGTERM itself and needs its own stop timeouts, not System.CommandLine's.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
