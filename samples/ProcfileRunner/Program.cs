// supervise: a Foreman-compatible Procfile runner built on Supervision. Unlike Foreman it restarts a crashed
// process per its restart policy; `--restart never` gives Foreman's "one exits, all stop" behaviour.
using System.CommandLine;
using ProcfileRunner;

var procfile = new Option<string>("--procfile", "-f") { Description = "The Procfile to run.", DefaultValueFactory = _ => "Procfile" };
var env = new Option<string?>("--env", "-e") { Description = "The env file (default: .env beside the Procfile, when there is one)." };

var type = new Argument<string?>("TYPE") { Description = "Run only this process type.", Arity = ArgumentArity.ZeroOrOne };
var formation = new Option<string?>("--formation", "-m") { Description = "How many of each type: web=2,worker=3 (all=N sets every type)." };
var timeout = new Option<int>("--timeout", "-t") { Description = "Seconds a process has to stop after SIGTERM before SIGKILL.", DefaultValueFactory = _ => 5 };
var port = new Option<int>("--port", "-p") { Description = "Base port: PORT = base + 100 × type index + instance − 1.", DefaultValueFactory = _ => 5000 };
var restart = new Option<string>("--restart") { Description = "When a process that exited is started again.", DefaultValueFactory = _ => "on-failure" };
restart.AcceptOnlyFromAmong("always", "on-failure", "never");

var start = new Command("start", "Start the processes of the Procfile and supervise them until SIGINT or SIGTERM.") { type, procfile, env, formation, timeout, port, restart };
start.SetAction((parse, _) => Runner.StartAsync(new RunSettings(
    parse.GetValue(procfile)!, parse.GetValue(env), parse.GetValue(type), parse.GetValue(formation), parse.GetValue(timeout), parse.GetValue(port), parse.GetValue(restart)!)));

var check = new Command("check", "Validate the Procfile and env file.") { procfile, env };
check.SetAction(parse => Runner.Check(new RunSettings(parse.GetValue(procfile)!, parse.GetValue(env), null, null, 5, 5000, "on-failure")));

var format = new Argument<string>("FORMAT") { Description = "procfile, systemd or kubernetes." };
format.AcceptOnlyFromAmong("procfile", "systemd", "kubernetes");
var directory = new Argument<string>("DIR") { Description = "The directory to write into (created when missing)." };
var app = new Option<string?>("--app", "-a") { Description = "The application's name (default: the Procfile's directory name)." };
var image = new Option<string?>("--image") { Description = "The container image of the Kubernetes Deployments (default: APP:latest)." };
var export = new Command("export", "Export the formation as a Procfile, systemd units or Kubernetes Deployments.") { format, directory, procfile, env, formation, timeout, port, restart, app, image };
export.SetAction((parse, cancellationToken) => Runner.ExportAsync(
    new RunSettings(parse.GetValue(procfile)!, parse.GetValue(env), null, parse.GetValue(formation), parse.GetValue(timeout), parse.GetValue(port), parse.GetValue(restart)!),
    new ExportSettings(parse.GetValue(format)!, parse.GetValue(directory)!, parse.GetValue(app), parse.GetValue(image)),
    cancellationToken));

var root = new RootCommand("supervise: run a Procfile under a supervisor tree.") { start, check, export };

// The host handles SIGINT and SIGTERM itself and needs its own stop timeouts, not System.CommandLine's.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
