namespace Supervision;

/// <summary>The control surface of the supervisor tree, resolved from dependency injection.</summary>
public interface ISupervisor
{
    /// <summary>Gets a snapshot of every process type and instance: state, pid, restarts, uptime, last exit.</summary>
    SupervisorStatus GetStatus();

    /// <summary>
    /// Sets how many instances of <paramref name="type"/> run, live. A scale-down stops the highest-numbered
    /// instances (an instance waiting in backoff is dropped at once); a scale-up starts the lowest free numbers.
    /// Other instances are not touched.
    /// </summary>
    /// <param name="type">The process type name (case-insensitive).</param>
    /// <param name="count">The new number of instances, 0 or more.</param>
    /// <param name="cancellationToken">Stops waiting; the scale itself goes on.</param>
    /// <returns>A task that completes once the removed instances have stopped and the added ones have started.</returns>
    /// <exception cref="ArgumentException">No process type of that name runs in this host.</exception>
    /// <exception cref="InvalidOperationException">The supervisor is not running (not started, stopping, stopped or gave up).</exception>
    Task ScaleAsync(string type, int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// Restarts one instance of <paramref name="type"/>, or all of them one at a time (a rolling restart: the next
    /// instance goes down only once the previous one is running again and no other instance of the type is down).
    /// A restart on request does not count against the restart intensity and does not advance the backoff.
    /// </summary>
    /// <param name="type">The process type name (case-insensitive).</param>
    /// <param name="instance">The 1-based instance number, or <see langword="null"/> for a rolling restart of every instance.</param>
    /// <param name="cancellationToken">Ends a rolling restart before its next instance; an instance already restarting goes on.</param>
    /// <returns>A task that completes once the last restarted instance is running again (or ended for good by its policy).</returns>
    /// <exception cref="ArgumentException">No process type of that name runs in this host.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The type has no instance of that number.</exception>
    /// <exception cref="InvalidOperationException">The supervisor is not running (not started, stopping, stopped or gave up).</exception>
    Task RestartAsync(string type, int? instance = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends <paramref name="signal"/> to the process group of one instance of a child process type, or of every instance
    /// that runs (a <c>SIGHUP</c> to reload, a <c>SIGUSR1</c> to reopen logs). The supervisor does not treat it as a
    /// stop: an instance the signal ends is restarted by its policy like any that exits by itself.
    /// </summary>
    /// <param name="type">The process type name (case-insensitive).</param>
    /// <param name="instance">The 1-based instance number, or <see langword="null"/> for every instance that runs.</param>
    /// <param name="signal">The signal: <c>SIGHUP</c>, <c>HUP</c> or its number (see <see cref="SignalName"/>).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes once the signal was sent.</returns>
    /// <exception cref="ArgumentException">No process type of that name runs in this host, or <paramref name="signal"/> names no signal.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The type has no instance of that number.</exception>
    /// <exception cref="InvalidOperationException">
    /// The type runs in-process, the instance has no process running now, or the supervisor is not running.
    /// </exception>
    Task SignalAsync(string type, int? instance, string signal, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets the last lines one instance of a child process type wrote, oldest first: at most its type's
    /// <see cref="ProcessTypeOptions.RecentOutputLines"/>, stdout and stderr together, across its runs. Empty for an
    /// in-process type and for output the host does not read (<see cref="ChildOutputMode.Inherit"/>).
    /// </summary>
    /// <param name="type">The process type name (case-insensitive).</param>
    /// <param name="instance">The 1-based instance number.</param>
    /// <returns>A copy of the lines kept now.</returns>
    /// <exception cref="ArgumentException">No process type of that name runs in this host.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The type has no instance of that number.</exception>
    IReadOnlyList<OutputLine> GetRecentOutput(string type, int instance);

    /// <summary>
    /// Streams the output lines of child processes as they are read, from when enumeration begins until
    /// <paramref name="cancellationToken"/> is cancelled (<c>supervise logs -f</c>). A reader that falls more than 1,024
    /// lines behind loses the oldest ones; it never slows a child down.
    /// </summary>
    /// <param name="type">Only this process type (case-insensitive); <see langword="null"/> for every type.</param>
    /// <param name="instance">Only this 1-based instance number; <see langword="null"/> for every instance.</param>
    /// <param name="cancellationToken">Ends the stream: the enumeration throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The lines, for one or more enumerations.</returns>
    /// <exception cref="ArgumentException">No process type of that name runs in this host.</exception>
    IAsyncEnumerable<OutputLine> WatchOutputAsync(string? type = null, int? instance = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the state of every instance, then every event, until <paramref name="cancellationToken"/> is cancelled.
    /// Any number of readers may watch, each on its own.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A reader begins when enumeration begins (<see cref="IAsyncEnumerable{T}.GetAsyncEnumerator"/>, which
    /// <see langword="await"/> <see langword="foreach"/> calls): its first events are one
    /// <see cref="SupervisionEventKind.Snapshot"/> per instance, in start order, giving the instance's
    /// <see cref="SupervisionEvent.State"/> at that moment (none before the supervisor has started), and then every
    /// event from that moment on, in order. A reader that begins late thus still knows where every instance stands
    /// (what happened before is summed up in the state it led to). A change made while the snapshot was taken may
    /// show both in it and as the first events after it.
    /// </para>
    /// <para>
    /// Calling this method subscribes nothing; a reader is released when its enumerator is disposed (the end of an
    /// <see langword="await"/> <see langword="foreach"/>) or when <paramref name="cancellationToken"/> (or the token
    /// given to <see cref="IAsyncEnumerable{T}.GetAsyncEnumerator"/>) is cancelled, whichever comes first.
    /// </para>
    /// <para>
    /// A reader never slows supervision: one that falls more than 1,024 events behind loses the oldest events it had not
    /// read, and its next event is a <see cref="SupervisionEventKind.Missed"/> one counting them
    /// (<see cref="SupervisionEvent.Missed"/>), followed by the most recent ones.
    /// </para>
    /// </remarks>
    /// <param name="cancellationToken">Ends the stream: the enumeration throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The events, for one or more enumerations.</returns>
    IAsyncEnumerable<SupervisionEvent> WatchAsync(CancellationToken cancellationToken = default);
}
