using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;

namespace Supervision.Engine;

internal sealed partial class SupervisorNode
{
    /// <summary>
    /// The control loop's messages: a queue and one reusable wait for the loop when it is idle. A post wakes the
    /// loop on the thread pool, except the end of an in-process run on a plain thread-pool thread, which is handled
    /// on that thread the way an <c>await</c> would continue a hand-written restart loop: a restart then costs one
    /// thread-pool hop (the next run's start), not two (see <see cref="PostAndContinueHere"/>). The loop
    /// starts no worker on that thread (the next run is queued), so the thread is held for the bookkeeping of the
    /// turn. A run that ended on any other thread (a dedicated one, or one with a synchronization context or
    /// scheduler of its own, where a worker's task was completed by the application's code) wakes the loop on the
    /// pool instead.
    /// </summary>
    private sealed class Inbox : IValueTaskSource
    {
        private readonly ConcurrentQueue<SupervisorMessage> _messages = new();
        private ManualResetValueTaskSourceCore<bool> _signal;

        // 1 while the loop waits; whoever sets it back to 0 owns the wake-up.
        private int _waiting;

        // A message handed to an idle loop past the queue; written by the owner of the wake-up before it wakes the loop.
        private SupervisorMessage _handed;
        private bool _hasHanded;

        public bool TryRead(out SupervisorMessage message)
        {
            if (_hasHanded)
            {
                (message, _handed, _hasHanded) = (_handed, default, false);
                return true;
            }

            return _messages.TryDequeue(out message);
        }

        public void Post(in SupervisorMessage message, bool continueHere)
        {
            // The loop is idle and nothing is queued: the message skips the queue (a restart is one message in, one
            // out). An earlier message of the same thread is still queued otherwise, so each thread's order holds.
            if (TryClaimIdleLoop())
            {
                HandToClaimedLoop(message, continueHere);
            }
            else
            {
                Enqueue(message, continueHere);
            }
        }

        /// <summary>Queues <paramref name="message"/>; wakes the loop if it went idle meanwhile.</summary>
        public void Enqueue(in SupervisorMessage message, bool continueHere)
        {
            _messages.Enqueue(message);
            if (Volatile.Read(ref _waiting) == 1 && Interlocked.Exchange(ref _waiting, 0) == 1)
            {
                Wake(continueHere);
            }
        }

        /// <summary>
        /// Takes the wake-up of a loop that waits with nothing queued: until <see cref="ReleaseIdleLoop"/> or
        /// <see cref="Wake"/>, the caller holds the loop (it stays suspended) and others' messages queue up.
        /// </summary>
        public bool TryClaimIdleLoop() =>
            Volatile.Read(ref _waiting) == 1 && _messages.IsEmpty && Interlocked.Exchange(ref _waiting, 0) == 1;

        /// <summary>Gives a claimed loop <paramref name="message"/> and wakes it.</summary>
        public void HandToClaimedLoop(in SupervisorMessage message, bool continueHere = true)
        {
            (_handed, _hasHanded) = (message, true);
            Wake(continueHere);
        }

        /// <summary>Hands a claimed loop back to its wait, still pending; wakes it if anything was posted meanwhile.</summary>
        public void ReleaseIdleLoop()
        {
            Interlocked.Exchange(ref _waiting, 1);
            if (!_messages.IsEmpty && Interlocked.Exchange(ref _waiting, 0) == 1)
            {
                Wake(continueHere: true);
            }
        }

        /// <summary>Completes the loop's wait; only by the owner of the wake-up.</summary>
        public void Wake(bool continueHere)
        {
            _signal.RunContinuationsAsynchronously = !(continueHere && OnPlainThreadPoolThread());
            _signal.SetResult(true);
        }

        public static bool OnPlainThreadPoolThread() =>
            Thread.CurrentThread.IsThreadPoolThread && SynchronizationContext.Current is null && TaskScheduler.Current == TaskScheduler.Default;

        /// <summary>Completes when a message may be there; one reader only, and never two waits at once.</summary>
        public ValueTask WaitAsync()
        {
            _signal.Reset();
            Interlocked.Exchange(ref _waiting, 1);

            // A message posted just before the flag was set: take the wake-up back, unless a poster has it already.
            if (!_messages.IsEmpty && Interlocked.Exchange(ref _waiting, 0) == 1)
            {
                return ValueTask.CompletedTask;
            }

            return new ValueTask(this, _signal.Version);
        }

        void IValueTaskSource.GetResult(short token) => _signal.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _signal.GetStatus(token);

        void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _signal.OnCompleted(continuation, state, token, flags);
    }
}
