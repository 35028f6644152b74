using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;

namespace Supervision;

internal sealed partial class SupervisorNode
{
    /// <summary>
    /// The control loop's messages: a queue and one reusable wait for the loop when it is idle. A post wakes the
    /// loop on the thread pool, except the end of an in-process run, which continues the loop on its own thread
    /// the way an <c>await</c> would in a hand-written restart loop: a restart then costs one thread-pool hop (the
    /// next run's start), not two (issue #5). The loop never runs a worker's code itself, so that thread is held
    /// only for the bookkeeping.
    /// </summary>
    private sealed class Inbox : IValueTaskSource
    {
        private readonly ConcurrentQueue<SupervisorMessage> _messages = new();
        private ManualResetValueTaskSourceCore<bool> _signal;

        // 1 while the loop waits; whoever sets it back to 0 owns the wake-up.
        private int _waiting;

        public bool TryRead(out SupervisorMessage message) => _messages.TryDequeue(out message);

        public void Post(in SupervisorMessage message, bool continueHere)
        {
            _messages.Enqueue(message);
            if (Volatile.Read(ref _waiting) == 1 && Interlocked.Exchange(ref _waiting, 0) == 1)
            {
                _signal.RunContinuationsAsynchronously = !continueHere;
                _signal.SetResult(true);
            }
        }

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
