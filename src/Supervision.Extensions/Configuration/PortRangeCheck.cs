using Supervision.Extensions.Formations;
using Supervision.Extensions.Registration;

namespace Supervision.Extensions.Configuration;

/// <summary>
/// Walks the formation as the tree will (same type order, same port rule) and reports a type whose instances would be
/// handed a <c>PORT</c> above 65535: <c>PortBase + 100 × type index + instance − 1</c>, or <c>Port + instance − 1</c>.
/// </summary>
internal sealed class PortRangeCheck : FormationWalker
{
    private const int MaxPort = 65_535;
    private readonly List<string> _failures;

    private PortRangeCheck(SupervisionRegistry registry, SupervisionOptions options, List<string> failures)
        : base(registry, options) => _failures = failures;

    public static void Check(SupervisionRegistry registry, SupervisionOptions options, List<string> failures) =>
        new PortRangeCheck(registry, options, failures).Walk();

    protected override void OnType(PlannedType type)
    {
        if (type.Port is not { } first || type.Options.Port is > MaxPort)
        {
            return;
        }

        long highest = (long)first + Math.Max(type.Count, 1) - 1;
        if (highest > MaxPort)
        {
            string key = type.Options.Port is null ? $"{SupervisionHostingDefaults.SectionName}:PortBase" : $"{SupervisionHostingDefaults.SectionName}:ProcessTypes:{type.Name}:Port";
            int value = type.Options.Port ?? Options.PortBase;
            _failures.Add(FormattableString.Invariant($"{key}: {type.Name}.{Math.Max(type.Count, 1)} would get PORT {highest}, above {MaxPort}, was '{value}'."));
        }
    }
}
