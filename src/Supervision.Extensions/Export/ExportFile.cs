namespace Supervision;

/// <summary>One file an export writes: its path relative to the export directory, and its text.</summary>
internal sealed record ExportFile(string RelativePath, string Content);
