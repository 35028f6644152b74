using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Supervision.Extensions.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Extensions.Tests.Hosting;

/// <summary>
/// Restart sets on a real host with default settings (backoff on, jitter on): b fails once after c is up; the set
/// stops in reverse order and starts again in order, the failed child first, whatever the members' own backoffs.
/// </summary>
public sealed class RestartSetHostTests
{
    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData(SupervisionStrategy.RestForOne, false, "Stopping c.1,Stopped c.1,Backoff b.1,Started b.1,Started c.1")]
    [InlineData(SupervisionStrategy.RestForOne, true, "Stopping c.1,Stopped c.1,Backoff b.1,Started b.1,Started c.1")]
    [InlineData(SupervisionStrategy.OneForAll, false, "Stopping c.1,Stopped c.1,Stopping a.1,Stopped a.1,Backoff b.1,Started a.1,Started b.1,Started c.1")]
    [InlineData(SupervisionStrategy.OneForAll, true, "Stopping c.1,Stopped c.1,Stopping a.1,Stopped a.1,Backoff b.1,Started a.1,Started b.1,Started c.1")]
    public async Task A_restart_set_in_a_nested_group_restarts_as_one_unit_in_start_order(SupervisionStrategy strategy, bool laterMemberRestartsAtOnce, string expected)
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Services.AddSingleton<SetProbe>();
        builder.Services.AddSupervision().AddProcessGroup("set", g =>
        {
            g.Strategy = strategy;
            g.AddProcessType<SetMember>("a");
            g.AddProcessType<SetMember>("b");
            g.AddProcessType<SetMember>("c", o => o.Backoff.Initial = laterMemberRestartsAtOnce ? TimeSpan.Zero : TimeSpan.FromSeconds(5));
        });
        using IHost host = builder.Build();
        var events = Channel.CreateUnbounded<SupervisionEvent>();
        using var watching = new CancellationTokenSource(TestTimeouts.Wait);
        await using IAsyncEnumerator<SupervisionEvent> reader = host.Services.GetRequiredService<ISupervisor>().WatchAsync(watching.Token).GetAsyncEnumerator(watching.Token);
        Task pump = PumpAsync(reader, events.Writer);

        await host.StartAsync(TestContext.Current.CancellationToken);
        var seen = new List<string>();
        while (seen.Count(e => e.StartsWith("Started", StringComparison.Ordinal)) < 3 + (strategy == SupervisionStrategy.OneForAll ? 3 : 2))
        {
            SupervisionEvent next = await events.Reader.ReadAsync(watching.Token);
            if (next.Kind is Started or Stopping or Stopped or Backoff)
            {
                seen.Add($"{next.Kind} {next.Source}");
            }
        }

        await host.StopAsync(TestContext.Current.CancellationToken);
        await watching.CancelAsync();
        await pump;
        Assert.Equal(expected, string.Join(',', seen.Skip(3)));
    }

    private static async Task PumpAsync(IAsyncEnumerator<SupervisionEvent> reader, ChannelWriter<SupervisionEvent> writer)
    {
        try
        {
            while (await reader.MoveNextAsync())
            {
                writer.TryWrite(reader.Current);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public sealed class SetProbe
    {
        private int _bRuns;

        public TaskCompletionSource LastUp { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsFirstRunOfB() => Interlocked.Increment(ref _bRuns) == 1;
    }

    /// <summary>b fails once, as soon as c is up; every other run waits for its token.</summary>
    public sealed class SetMember(SetProbe probe) : IProcess
    {
        public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
        {
            if (context.TypeName == "c")
            {
                probe.LastUp.TrySetResult();
            }
            else if (context.TypeName == "b" && probe.IsFirstRunOfB())
            {
                await probe.LastUp.Task.WaitAsync(stoppingToken);
                throw new InvalidOperationException("b fails once");
            }

            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
    }
}
