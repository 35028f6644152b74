using Supervision.Tests.Fakes;

namespace Supervision.Tests;

/// <summary>The core used alone: a tree built, started and stopped through the public builder, with no host and no services.</summary>
public sealed class SupervisorBuilderTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_tree_built_without_a_host_runs_in_process_and_child_types_in_order_and_stops_them_in_reverse()
    {
        var started = new TaskCompletionSource<ProcessContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = new SupervisorBuilder();
        builder.Options.MaxRestarts = 0;
        builder.Add(new ProcessTypeDefinition("ticker", _ => new LambdaWorker(started, stopped), new ProcessTypeOptions { Port = 7000 }))
               .Add(new ProcessGroupDefinition("edge").Add(new ProcessTypeDefinition("sleeper", new ProcessTypeOptions { Command = "/bin/sleep", Arguments = ["1000"], Output = ChildOutputMode.Inherit })));
        using Supervisor supervisor = builder.Build();
        var events = new EventLog(supervisor, TestContext.Current.CancellationToken);

        await supervisor.StartAsync().WaitAsync(TestTimeouts.Wait);
        ProcessContext context = await started.Task.WaitAsync(TestTimeouts.Wait);
        int pid = supervisor.GetStatus().ProcessTypes[1].Instances[0].Pid!.Value;
        await supervisor.StopAsync().WaitAsync(TestTimeouts.Wait);
        await events.WaitAsync(SupervisionEventKind.Stopped, "ticker.1");

        Assert.Equal(("ticker.1", 7000), (context.Name, context.Port));
        Assert.Null(context.Services.GetService(typeof(object)));
        Assert.Equal("edge", supervisor.GetStatus().ProcessTypes[1].Group);
        Assert.True(stopped.Task.IsCompleted);
        Assert.False(ProcFs.IsAlive(pid));
        Assert.Equal(["sleeper.1", "ticker.1"], events.Of(SupervisionEventKind.Stopped).Select(e => e.Source));
        Assert.Equal(SupervisorState.Stopped, supervisor.GetStatus().State);
    }

    [Fact]
    public void Two_types_or_groups_with_the_same_name_are_refused_naming_it()
    {
        var builder = new SupervisorBuilder()
            .Add(new ProcessTypeDefinition("web", _ => new LambdaWorker(new(), new())))
            .Add(new ProcessGroupDefinition("g").Add(new ProcessTypeDefinition("WEB", new ProcessTypeOptions { Command = "/bin/true" })));

        ArgumentException error = Assert.Throws<ArgumentException>(builder.Build);

        Assert.Contains("'WEB'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_child_process_type_without_a_command_is_refused_naming_the_type()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new ProcessTypeDefinition("web", new ProcessTypeOptions()));

        Assert.Contains("'web' has no Command", error.Message, StringComparison.Ordinal);
    }

    private sealed class LambdaWorker(TaskCompletionSource<ProcessContext> started, TaskCompletionSource stopped) : IProcess
    {
        public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
        {
            started.TrySetResult(context);
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
            finally
            {
                stopped.TrySetResult();
            }
        }
    }
}
