namespace Supervision.Tests.Fakes;

/// <summary>Where the built tests/Supervision.TestChild program is, and how to run it.</summary>
public static class TestChild
{
    public static string Dll { get; } = Path.Combine(RepositoryRoot, "tests", "Supervision.TestChild", "bin", Configuration, "net10.0", "Supervision.TestChild.dll");

    public static string RepositoryRoot
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "Supervision.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? throw new InvalidOperationException("Supervision.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Options that run the test child with <paramref name="arguments"/>.</summary>
    public static ProcessTypeOptions Options(params string[] arguments)
    {
        var options = new ProcessTypeOptions { Command = "dotnet", Arguments = [Dll, .. arguments] };
        options.Backoff.Initial = TimeSpan.FromMilliseconds(50);
        options.Backoff.Jitter = 0;
        return options;
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
}
