namespace Supervision.EndToEnd.Fakes;

/// <summary>The built test programs, and how a test host is told to run them as child process types.</summary>
internal static class Repository
{
    /// <summary>The built tests/Supervision.TestChild program.</summary>
    public static string TestChild { get; } = RepositoryLayout.BuiltDll("tests/Supervision.TestChild", "Supervision.TestChild");

    /// <summary>Command-line configuration of a child type <paramref name="name"/> running the test child with <paramref name="arguments"/>.</summary>
    public static string[] ChildType(string name, params string[] arguments) => Child(name, "dotnet", [TestChild, .. arguments]);

    /// <summary>Command-line configuration of a child type <paramref name="name"/> running <paramref name="command"/>.</summary>
    public static string[] Child(string name, string command, params string[] arguments) =>
        [$"--Supervision:ProcessTypes:{name}:Command={command}", .. arguments.Select((a, i) => $"--Supervision:ProcessTypes:{name}:Arguments:{i}={a}")];
}
