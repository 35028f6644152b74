namespace Supervision.Runs;

/// <summary>What a launcher needs to start one run: who it runs as, how it reports back, and which run it is.</summary>
/// <param name="TypeName">The process type, <c>worker</c>.</param>
/// <param name="Number">The 1-based instance number.</param>
/// <param name="Name">The instance name, <c>worker.3</c>.</param>
/// <param name="Port">The instance's port, if any.</param>
/// <param name="RestartCount">How many times the instance was restarted before this run.</param>
/// <param name="Channel">The run's one way back to its supervisor.</param>
/// <param name="Generation">The run's generation: what it reports after a newer run began is dropped.</param>
internal readonly record struct RunStart(string TypeName, int Number, string Name, int? Port, int RestartCount, RunChannel Channel, int Generation);
