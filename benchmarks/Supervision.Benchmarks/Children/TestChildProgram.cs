namespace Supervision.Benchmarks;

/// <summary>
/// The repository's test child (tests/Supervision.TestChild), built with this project in the same configuration:
/// the program B4 and B5 start, so that every contender runs exactly the same child.
/// </summary>
internal static class TestChildProgram
{
    public static string Dll { get; } = Path.Combine(RepositoryRoot(), "tests", "Supervision.TestChild", "bin", Configuration, "net10.0", "Supervision.TestChild.dll");

    /// <summary>The command line that runs the child in <paramref name="mode"/>: <c>dotnet DLL MODE ARGS…</c>.</summary>
    public static string[] CommandLine(params string[] mode) => ["dotnet", Dll, .. mode];

    private static string RepositoryRoot()
    {
        // BenchmarkDotNet's out-of-process runs live in a generated folder below bin/, still inside the repository.
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Supervision.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException("Supervision.sln not found above " + AppContext.BaseDirectory);
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
}
