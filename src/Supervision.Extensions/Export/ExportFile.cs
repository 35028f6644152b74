namespace Supervision.Extensions.Export;

/// <summary>
/// One file an export writes: its path relative to the export directory, its text, and whether it carries
/// environment values (secrets from <c>.env</c>), which makes it readable by its owner and group only.
/// </summary>
internal sealed record ExportFile(string RelativePath, string Content, bool HoldsEnvironment = false);
