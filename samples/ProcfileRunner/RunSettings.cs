namespace ProcfileRunner;

/// <summary>What `supervise start` was asked to do.</summary>
internal sealed record RunSettings(string Procfile, string? EnvFile, string? OnlyType, string? Formation, int TimeoutSeconds, int PortBase, string Restart);
