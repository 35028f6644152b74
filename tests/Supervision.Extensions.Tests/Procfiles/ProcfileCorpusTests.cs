namespace Supervision.Tests.Procfiles;

/// <summary>
/// Procfiles of public repositories (Corpus/README.md lists them) parse to the process types Foreman finds in them:
/// the same names in the same order, and no process where Foreman finds none.
/// </summary>
public sealed class ProcfileCorpusTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public void EveryFile_ParsesToTheTypesRecordedFromForeman()
    {
        IReadOnlyList<string> files = ProcfileCorpus.Files();
        IReadOnlyDictionary<string, string> recorded = ProcfileCorpus.RecordedForeman();

        Assert.Equal(recorded.Keys.Order(StringComparer.Ordinal), files.Select(Path.GetFileName));
        List<string> differences = [.. files
            .Select(static path => (Name: Path.GetFileName(path), Ours: ProcfileCorpus.AsForemanCheck(path)))
            .Where(file => file.Ours != recorded[file.Name])
            .Select(file => $"{file.Name}: Foreman: {recorded[file.Name]}; Procfile.Read: {file.Ours}")];
        Assert.True(differences.Count == 0, $"{files.Count - differences.Count} of {files.Count} files match Foreman; these do not:\n{string.Join('\n', differences)}");
        Assert.True(files.Count >= 44, $"the corpus holds {files.Count} files");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task EveryFile_ParsesToTheTypesTheLiveForemanFinds()
    {
        IReadOnlyList<string> files = ProcfileCorpus.Files();
        IReadOnlyDictionary<string, string> recorded = ProcfileCorpus.RecordedForeman();
        var foreman = new string[files.Count];
        // The first alone: a missing foreman then fails with its own message, not inside an AggregateException.
        foreman[0] = await Foreman.CheckAsync(files[0]);

        // A few at a time: each is a Ruby start-up, on a machine shared with other builds.
        await Parallel.ForAsync(1, files.Count, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = TestContext.Current.CancellationToken }, async (i, _) =>
            foreman[i] = await Foreman.CheckAsync(files[i]));

        List<string> differences = [.. files.Select((path, i) => (Name: Path.GetFileName(path), Foreman: foreman[i], Ours: ProcfileCorpus.AsForemanCheck(path)))
            .Where(file => file.Foreman != file.Ours || file.Foreman != recorded.GetValueOrDefault(file.Name))
            .Select(file => $"{file.Name}: foreman: {file.Foreman}; recorded: {recorded.GetValueOrDefault(file.Name)}; Procfile.Read: {file.Ours}")];
        Assert.True(differences.Count == 0, $"{files.Count - differences.Count} of {files.Count} files match the live Foreman and Corpus/foreman-check.txt; these do not:\n{string.Join('\n', differences)}");
    }
}
