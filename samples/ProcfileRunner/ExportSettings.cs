namespace ProcfileRunner;

/// <summary>What `supervise export` was asked to write, beyond the formation that `start` would run.</summary>
internal sealed record ExportSettings(string Format, string Directory, string? AppName, string? Image);
