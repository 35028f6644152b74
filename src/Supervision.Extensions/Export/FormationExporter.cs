namespace Supervision.Extensions.Export;

/// <summary>
/// Picks the writer of a format and puts its files on disk: the files of an earlier systemd export of the same
/// application first removed (as Foreman removes its old units), no symbolic link in the export directory followed,
/// and a file that carries environment values readable by its owner and group only (0640).
/// </summary>
internal static class FormationExporter
{
    private const UnixFileMode Public = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

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
        Directory.CreateDirectory(root);
        if (format == FormationExportFormat.Systemd)
        {
            // An instance dropped from the formation (web@3 after -m web=2) must not keep its drop-in.
            RemoveEarlierSystemdExport(root, formation.AppName);
        }

        var written = new List<string>(files.Count);
        foreach (ExportFile file in files)
        {
            string path = Path.Combine(root, file.RelativePath);
            RealDirectory(Path.GetDirectoryName(path)!, root);
            RemoveLinkOrFile(path);

            // CreateNew: a link that appeared since is not followed either.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = file.HoldsEnvironment ? Private : Public;
            }

            await using (var stream = new FileStream(path, options))
            await using (var writer = new StreamWriter(stream))
            {
                await writer.WriteAsync(file.Content.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            written.Add(path);
        }

        return written;
    }

    private static void RemoveEarlierSystemdExport(string root, string appName)
    {
        foreach (FileSystemInfo entry in new DirectoryInfo(root).EnumerateFileSystemInfos())
        {
            if (!SystemdExportWriter.IsOwnName(appName, entry.Name) || entry.LinkTarget is not null)
            {
                continue;
            }

            if (entry is FileInfo unit && IsGenerated(unit))
            {
                unit.Delete();
            }
            else if (entry is DirectoryInfo dropIns)
            {
                foreach (FileInfo dropIn in dropIns.EnumerateFiles().Where(static f => f.LinkTarget is null && IsGenerated(f)))
                {
                    dropIn.Delete();
                }

                if (!dropIns.EnumerateFileSystemInfos().Any())
                {
                    dropIns.Delete();
                }
            }
        }
    }

    /// <summary>Only what an export wrote is removed: a unit of the same name written by hand stays.</summary>
    private static bool IsGenerated(FileInfo file)
    {
        using StreamReader reader = file.OpenText();
        return reader.ReadLine()?.StartsWith(SystemdExportWriter.Header, StringComparison.Ordinal) == true;
    }

    /// <summary>Every directory from <paramref name="root"/> down to <paramref name="directory"/> made real: a link is replaced, never followed.</summary>
    private static void RealDirectory(string directory, string root)
    {
        if (Path.TrimEndingDirectorySeparator(directory) == Path.TrimEndingDirectorySeparator(root))
        {
            return;
        }

        RealDirectory(Path.GetDirectoryName(directory)!, root);
        var info = new DirectoryInfo(directory);
        if (info.LinkTarget is not null)
        {
            File.Delete(directory);
        }

        Directory.CreateDirectory(directory);
    }

    private static void RemoveLinkOrFile(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || info.Exists)
        {
            info.Delete();
        }
        else if (Directory.Exists(path))
        {
            throw new IOException($"{path} is a directory; the export would write a file there.");
        }
    }
}
