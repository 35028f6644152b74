namespace ProcfileRunner;

/// <summary>Where <c>supervise start</c> opens its control socket; <paramref name="Explicit"/> when <c>-s</c> chose it.</summary>
internal sealed record SocketChoice(string Path, bool Explicit);
