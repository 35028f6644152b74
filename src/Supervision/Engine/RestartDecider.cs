using Supervision.Restart;

namespace Supervision.Engine;

/// <summary>
/// The one place a supervisor decides what an exit leads to: restart policy, then restart intensity, then the
/// backoff attempt, then the strategy. Erlang's <c>supervisor.erl</c> takes the same steps in the same order
/// (<c>restart</c> → <c>add_restart</c> → <c>do_restart</c>). No clock, timer or thread: the caller passes the
/// timestamps and applies the result.
/// </summary>
internal sealed class RestartDecider(SupervisionStrategy strategy, RestartIntensity intensity, Random random)
{
    /// <summary>Decides the reaction to an exit and records it: the intensity counts it, the backoff advances.</summary>
    /// <param name="policy">The child's restart policy.</param>
    /// <param name="exit">How the run ended.</param>
    /// <param name="verdict">What the exit itself says (an exit code that prevents a restart, say), before the policy.</param>
    /// <param name="endedAt">When the run ended, on the supervisor's clock.</param>
    /// <param name="ranFor">How long the run lasted: past the backoff's <c>ResetAfter</c> the attempt count starts over.</param>
    /// <param name="backoff">The child's backoff settings; <see langword="null"/> for a nested group, restarted at once as OTP does.</param>
    /// <param name="attempt">The child's backoff attempt count, advanced when it restarts.</param>
    public RestartDecision Decide(RestartPolicy policy, in ProcessExit exit, ExitVerdict verdict, long endedAt, TimeSpan ranFor, BackoffOptions? backoff, ref int attempt)
    {
        // suture's ErrTerminateSupervisorTree: fatal at once, past any intensity.
        if (verdict == ExitVerdict.TerminateTree)
        {
            return RestartDecision.TerminateTree;
        }

        bool restarts = verdict == ExitVerdict.ByPolicy && policy switch
        {
            RestartPolicy.Always => true,
            RestartPolicy.OnFailure => exit.IsFailure,
            _ => false,
        };

        // An exit that is not restarted is not a restart: it never counts against the intensity.
        if (!restarts)
        {
            return RestartDecision.LeaveEnded;
        }

        if (!intensity.TryRecord(endedAt))
        {
            return RestartDecision.Escalate;
        }

        TimeSpan delay = TimeSpan.Zero;
        if (backoff is not null)
        {
            if (ranFor >= backoff.ResetAfter)
            {
                attempt = 0;
            }

            // A crash loop with no delay may restart forever: the count stops growing where the cap has long won.
            if (attempt < int.MaxValue)
            {
                attempt++;
            }

            delay = BackoffDelay.Compute(attempt, backoff, backoff.Jitter > 0 ? random.NextDouble() : 0);
        }

        return new RestartDecision(strategy == SupervisionStrategy.OneForOne ? RestartAction.Restart : RestartAction.RestartSet, delay);
    }
}
