// supervise: a Foreman-compatible Procfile runner built on Supervision. Unlike Foreman it restarts a crashed
// process per its restart policy; `--restart never` gives Foreman's "one exits, all stop" behaviour.
using System.CommandLine;
using System.CommandLine.Help;
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

var start = new Command("start", "Start the processes of the Procfile and supervise them until SIGINT, SIGTERM or SIGHUP.")
{
    type, procfile, env, formation, timeout, port, restart, maxRestarts, restartWindow,
};
start.SetAction((parse, _) => Runner.StartAsync(Settings(parse, withType: true, withFormation: true)));

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

var root = new RootCommand("supervise: run a Procfile under a supervisor tree.") { start, check, export };
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
