using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Supervision.Tests.Fakes;

namespace Supervision.Tests.InProcess;

/// <summary>
/// The run object of an in-process instance is reused from run to run (issue #5): nothing of one run may reach the
/// next. These drive the launcher directly, without a control loop, so each step happens exactly when the test says.
/// </summary>
public sealed class InProcessRunTests : IAsyncDisposable
{
    private readonly WorkerScript _script = new();
    private readonly ServiceProvider _services;
    private readonly InProcessLauncher _launcher;
    private readonly InstanceChild _instance;

    public InProcessRunTests()
    {
        _services = new ServiceCollection()
            .AddSingleton(_script)
            .AddTransient<ScriptedProcess>()
            .AddScoped<SlowDisposal>()
            .BuildServiceProvider();
        _launcher = new InProcessLauncher(_services.GetRequiredService<IServiceScopeFactory>(), static sp => sp.GetRequiredService<ScriptedProcess>());
        var runtime = new SupervisionRuntime(TimeProvider.System, NullLogger.Instance, new EventHub(), new Random(1));
        var node = new SupervisorNode("", new ProcessGroupOptions(), runtime);
        _instance = new InstanceChild(node, new ProcessTypeSlot("w", null, 0, new ProcessTypeOptions(), null, _launcher), 1);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Start_AfterARunEnded_ReusesItsObject()
    {
        RunningProcess first = Start(1);
        (await _script.NextRunAsync("w.1")).Return();
        Assert.Equal(ExitReason.Completed, (await first.Completion.WaitAsync(TestTimeouts.Wait)).Reason);

        RunningProcess second = Start(2);

        Assert.Same(first, second);
        await _script.NextRunAsync("w.1");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Start_AfterAStop_GivesTheNextRunATokenThatIsNotCancelled()
    {
        RunningProcess first = Start(1);
        ScriptedRun run1 = await _script.NextRunAsync("w.1");
        first.RequestStop();
        Assert.Equal(ExitReason.Stopped, (await first.Completion.WaitAsync(TestTimeouts.Wait)).Reason);

        RunningProcess second = Start(2);
        ScriptedRun run2 = await _script.NextRunAsync("w.1");

        Assert.Same(first, second);
        Assert.True(run1.StoppingToken.IsCancellationRequested);
        Assert.False(run2.StoppingToken.IsCancellationRequested);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task RequestStop_LateOnARunThatEndedOnItsOwn_HasNoEffectOnTheNextRun()
    {
        RunningProcess first = Start(1);
        ScriptedRun run1 = await _script.NextRunAsync("w.1");
        run1.Return();
        await first.Completion.WaitAsync(TestTimeouts.Wait);

        // The stop crossed the exit: it arrives after the run ended, before the next start.
        first.RequestStop();
        RunningProcess second = Start(2);
        ScriptedRun run2 = await _script.NextRunAsync("w.1");

        Assert.False(run2.StoppingToken.IsCancellationRequested);
        run2.Return();
        Assert.Equal(ExitReason.Completed, (await second.Completion.WaitAsync(TestTimeouts.Wait)).Reason);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task RequestStop_OfTheNextRun_DoesNotFireWhatThePreviousRunRegistered()
    {
        RunningProcess first = Start(1);
        ScriptedRun run1 = await _script.NextRunAsync("w.1");
        bool fired = false;
        run1.StoppingToken.Register(() => fired = true);
        run1.Throw();
        Assert.Equal(ExitReason.Failed, (await first.Completion.WaitAsync(TestTimeouts.Wait)).Reason);

        RunningProcess second = Start(2);
        await _script.NextRunAsync("w.1");
        second.RequestStop();

        Assert.Equal(ExitReason.Stopped, (await second.Completion.WaitAsync(TestTimeouts.Wait)).Reason);
        Assert.False(fired);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Run_WhoseScopeDisposesAsynchronously_EndsOnlyOnceTheScopeIsDisposed()
    {
        RunningProcess first = Start(1);
        ScriptedRun run1 = await _script.NextRunAsync("w.1");
        SlowDisposal disposal = run1.Context.Services.GetRequiredService<SlowDisposal>();
        run1.Return();
        await disposal.Started.Task.WaitAsync(TestTimeouts.Wait);

        // Still disposing: not ended, and not handed back for the next run.
        Assert.False(first.Completion.IsCompleted);
        Assert.Null(_instance.Channel.TakeIdleRun());
        disposal.Finish.SetResult();

        Assert.Equal(ExitReason.Completed, (await first.Completion.WaitAsync(TestTimeouts.Wait)).Reason);
        Assert.Same(first, Start(2));
        await _script.NextRunAsync("w.1");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Start_WhileAnAbandonedRunStillRuns_UsesAnotherObject()
    {
        _script.IgnoreStop.Add("w");
        RunningProcess first = Start(1);
        ScriptedRun run1 = await _script.NextRunAsync("w.1");
        first.RequestStop();
        await first.KillAsync();

        RunningProcess second = Start(2);
        ScriptedRun run2 = await _script.NextRunAsync("w.1");

        Assert.NotSame(first, second);
        Assert.False(run2.StoppingToken.IsCancellationRequested);
        run1.Return();
        Assert.Equal(ExitReason.Stopped, (await first.Completion.WaitAsync(TestTimeouts.Wait)).Reason);
        Assert.False(second.Completion.IsCompleted);
        run2.Return();
        await second.Completion.WaitAsync(TestTimeouts.Wait);
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    private RunningProcess Start(int generation) => _launcher.Start(new RunStart("w", 1, "w.1", null, 0, _instance.Channel, generation));

    /// <summary>A scoped service whose disposal waits for the test.</summary>
    private sealed class SlowDisposal : IAsyncDisposable
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Finish { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask DisposeAsync()
        {
            Started.SetResult();
            await Finish.Task;
        }
    }
}
