using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Supervision;
using Supervision.Extensions.Export;
using Supervision.Extensions.Registration;

namespace Microsoft.Extensions.Hosting;

/// <summary>Exports the formation of a built <see cref="IHost"/> for a process manager beyond this host.</summary>
public static class SupervisionHostExtensions
{
    /// <summary>
    /// Writes the host's formation (every process type, with its count and policies from the effective options) into
    /// <paramref name="directory"/> as <paramref name="format"/>: a Procfile, systemd units or Kubernetes Deployments.
    /// The host is not started.
    /// </summary>
    /// <param name="host">A host with Supervision registered.</param>
    /// <param name="format">What to write.</param>
    /// <param name="directory">
    /// Where to write; created when missing. Existing files of the same names are replaced (a symbolic link is replaced,
    /// never written through); for systemd, the files an earlier export of the same application wrote are removed first.
    /// A file that carries environment values is created with mode 0640.
    /// </param>
    /// <param name="options">The application's name and how its host is started; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the writing.</param>
    /// <returns>The full paths of the files written.</returns>
    /// <exception cref="OptionsValidationException">The Supervision options are invalid.</exception>
    /// <exception cref="InvalidOperationException">Supervision is not registered, or a type cannot be expressed in <paramref name="format"/>.</exception>
    public static async Task<IReadOnlyList<string>> ExportFormationAsync(
        this IHost host, FormationExportFormat format, string directory, FormationExportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        SupervisionRegistry registry = host.Services.GetService<SupervisionRegistry>()
            ?? throw new InvalidOperationException("Supervision is not registered in this host: call AddSupervision() or add a process type.");
        SupervisionOptions supervision = host.Services.GetRequiredService<IOptions<SupervisionOptions>>().Value;
        return await FormationExporter.WriteAsync(ExportedFormation.Create(registry, supervision, options ?? new FormationExportOptions()), format, directory, cancellationToken).ConfigureAwait(false);
    }
}
