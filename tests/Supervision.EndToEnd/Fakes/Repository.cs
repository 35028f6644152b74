namespace Supervision.EndToEnd.Fakes;

/// <summary>Where the repository and the built test programs are.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The built tests/Supervision.TestChild program.</summary>
    public static string TestChild { get; } = Path.Combine(Root, "tests", "Supervision.TestChild", "bin", Configuration, "net10.0", "Supervision.TestChild.dll");

#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    /// <summary>Command-line configuration of a child type <paramref name="name"/> running the test child with <paramref name="arguments"/>.</summary>
    public static string[] ChildType(string name, params string[] arguments) => Child(name, "dotnet", [TestChild, .. arguments]);

    /// <summary>Command-line configuration of a child type <paramref name="name"/> running <paramref name="command"/>.</summary>
    public static string[] Child(string name, string command, params string[] arguments) =>
        [$"--Supervision:ProcessTypes:{name}:Command={command}", .. arguments.Select((a, i) => $"--Supervision:ProcessTypes:{name}:Arguments:{i}={a}")];

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
