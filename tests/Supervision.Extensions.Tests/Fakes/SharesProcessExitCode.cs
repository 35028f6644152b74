namespace Supervision.Extensions.Tests.Fakes;

/// <summary>
/// Tests in which a host gives up set <see cref="Environment.ExitCode"/>, which the whole test process shares, and
/// reset it afterwards: they run in this collection, one at a time and while no other test runs, so that none reads
/// another's exit code or has it reset under it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharesProcessExitCode
{
    public const string Name = "Environment.ExitCode";
}
