namespace Supervision.InProcess;

/// <summary>The services of a tree built without any: every scope is empty and costs nothing.</summary>
internal sealed class NoServices : IServiceProvider, Microsoft.Extensions.DependencyInjection.IServiceScopeFactory, Microsoft.Extensions.DependencyInjection.IServiceScope
{
    public static readonly NoServices Instance = new();

    public IServiceProvider ServiceProvider => this;

    public object? GetService(Type serviceType) => null;

    public Microsoft.Extensions.DependencyInjection.IServiceScope CreateScope() => this;

    public void Dispose()
    {
    }
}
