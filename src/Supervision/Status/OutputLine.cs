namespace Supervision;

/// <summary>One line a child process wrote, as kept in its instance's recent output.</summary>
/// <param name="Timestamp">When the host read it, by the supervisor's <see cref="TimeProvider"/>.</param>
/// <param name="Source">The instance that wrote it, <c>web.2</c>.</param>
/// <param name="Text">The line without its newline; a line longer than 1,024 bytes is cut there and ends with <c>…</c>.</param>
/// <param name="IsError">Whether it came on stderr.</param>
public readonly record struct OutputLine(DateTimeOffset Timestamp, string Source, string Text, bool IsError);
