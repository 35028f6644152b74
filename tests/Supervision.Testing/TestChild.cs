namespace Supervision.Testing;

/// <summary>Where the built tests/Supervision.TestChild program is, and how to run it.</summary>
public static class TestChild
{
    public static string Dll { get; } = RepositoryLayout.BuiltDll("tests/Supervision.TestChild", "Supervision.TestChild");

    public static string RepositoryRoot => RepositoryLayout.Root;

    /// <summary>Options that run the test child with <paramref name="arguments"/>.</summary>
    public static ProcessTypeOptions Options(params string[] arguments)
    {
        var options = new ProcessTypeOptions { Command = "dotnet", Arguments = [Dll, .. arguments] };
        options.Backoff.Initial = TimeSpan.FromMilliseconds(50);
        options.Backoff.Jitter = 0;
        return options;
    }
}
