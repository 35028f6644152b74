namespace Supervision;

/// <summary>Picks the writer of a format and puts its files on disk.</summary>
internal static class FormationExporter
{
    public static IReadOnlyList<ExportFile> Render(ExportedFormation formation, FormationExportFormat format, string directory) => format switch
    {
        FormationExportFormat.Procfile => ProcfileExportWriter.Write(formation, directory),
        FormationExportFormat.Systemd => SystemdExportWriter.Write(formation),
        FormationExportFormat.Kubernetes => KubernetesExportWriter.Write(formation),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown export format."),
    };

    public static async Task<IReadOnlyList<string>> WriteAsync(ExportedFormation formation, FormationExportFormat format, string directory, CancellationToken cancellationToken)
    {
        string root = Path.GetFullPath(directory);

        // Rendered in full before anything is written: a type that cannot be expressed leaves no half export behind.
        IReadOnlyList<ExportFile> files = Render(formation, format, root);
        var written = new List<string>(files.Count);
        foreach (ExportFile file in files)
        {
            string path = Path.Combine(root, file.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, file.Content, cancellationToken).ConfigureAwait(false);
            written.Add(path);
        }

        return written;
    }
}
