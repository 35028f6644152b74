namespace Supervision.Testing;

/// <summary>Where the repository and its built programs are, for every test project.</summary>
public static class RepositoryLayout
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    /// <summary>The folder holding Supervision.sln, found upwards from the test's own output folder.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The dll of a project of this repository, built in the tests' own configuration.</summary>
    public static string BuiltDll(string project, string assembly) =>
        Path.Combine(Root, project, "bin", Configuration, "net10.0", assembly + ".dll");

    private static string FindRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Supervision.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Supervision.sln not found above " + AppContext.BaseDirectory);
    }
}
