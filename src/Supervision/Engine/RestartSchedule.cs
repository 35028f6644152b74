using Cronos;

namespace Supervision.Engine;

/// <summary>
/// A type's <see cref="ProcessTypeOptions.RestartSchedule"/>: a cron expression (five fields, or six with seconds
/// first) read in the local time zone of the supervisor's <see cref="TimeProvider"/>, as cron and systemd timers do.
/// </summary>
internal sealed class RestartSchedule
{
    private readonly CronExpression _expression;

    private RestartSchedule(string text, CronExpression expression)
    {
        Text = text;
        _expression = expression;
    }

    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> (Cronos's <c>CronFormatException</c>) naming what is wrong.</summary>
    public static RestartSchedule Parse(string text)
    {
        string trimmed = text.Trim();
        int fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        CronFormat format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        return new RestartSchedule(trimmed, CronExpression.Parse(trimmed, format));
    }

    /// <summary>How long from <paramref name="time"/>'s now to the next occurrence; <see langword="null"/> when there is none (a date that never comes).</summary>
    public TimeSpan? UntilNext(TimeProvider time)
    {
        DateTimeOffset now = time.GetUtcNow();
        DateTimeOffset? next = _expression.GetNextOccurrence(now, time.LocalTimeZone);
        return next - now;
    }
}
