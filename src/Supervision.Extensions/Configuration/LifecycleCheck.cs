using System.Globalization;
using Cronos;

namespace Supervision.Extensions.Configuration;

/// <summary>Checks the lifecycle settings: AutoShutdown, Significant, exit-code verdicts, MaxLifetime and RestartSchedule.</summary>
internal static class LifecycleCheck
{
    /// <summary>A lifetime may be long (a week), but not so long that it stops meaning anything.</summary>
    private static readonly TimeSpan LongestLifetime = TimeSpan.FromDays(366);

    public static void CheckGroup(string key, ProcessGroupOptions group, List<string> failures)
    {
        if (!Enum.IsDefined(group.AutoShutdown))
        {
            failures.Add(SupervisionOptionsValidator.Invalid(key, "AutoShutdown", group.AutoShutdown, "must be Never, AnySignificant or AllSignificant"));
        }
    }

    public static void CheckType(string key, ProcessTypeOptions type, List<string> failures)
    {
        // As in Erlang/OTP: a permanent child never ends for good, so it could never end its supervisor (an init step
        // does: its clean exit ends it whatever its policy).
        if (type.Significant && type.Restart == RestartPolicy.Always && type.Readiness.Probe != ReadinessProbe.Completed)
        {
            failures.Add($"{key}:Significant: a significant process type must have Restart OnFailure or Never (one that always restarts never ends its supervisor), was Restart 'Always'.");
        }

        CheckExitCodes(key, "SuccessExitCodes", type.SuccessExitCodes, type, failures);
        CheckExitCodes(key, "RestartPreventExitCodes", type.RestartPreventExitCodes, type, failures);

        if (type.MaxLifetime is TimeSpan lifetime && (lifetime <= TimeSpan.Zero || lifetime > LongestLifetime))
        {
            failures.Add(SupervisionOptionsValidator.Invalid(key, "MaxLifetime", lifetime, "must be positive and at most 366 days"));
        }

        if (type.RestartSchedule is { } schedule)
        {
            string trimmed = schedule.Trim();
            int fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            try
            {
                _ = CronExpression.Parse(trimmed, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            }
            catch (CronFormatException exception)
            {
                failures.Add(SupervisionOptionsValidator.Invalid(key, "RestartSchedule", ConfigurationCheck.Printable(schedule), $"must be a cron expression of five fields (minute hour day month weekday) or six (seconds first): {exception.Message}"));
            }
        }
    }

    private static void CheckExitCodes(string key, string property, IList<int> codes, ProcessTypeOptions type, List<string> failures)
    {
        if (codes.Count == 0)
        {
            return;
        }

        if (type.Command is null)
        {
            failures.Add($"{key}:{property}: only a child process has exit codes; an in-process worker throws DoNotRestartException instead, was [{string.Join(", ", codes)}].");
            return;
        }

        foreach (int code in codes)
        {
            if (code is < 0 or > 255)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:{property}: an exit code is from 0 to 255, was '{code}'."));
            }
        }
    }
}
