using System.Buffers;
using System.Globalization;
using System.Text;
using System.Runtime.Versioning;

namespace Supervision.Processes;

/// <summary>
/// A mark in the environment of every process a child run starts, <c>SUPERVISION_RUN=HOSTPID.N</c>, inherited by its
/// descendants wherever they go (their own session, a double fork): while such a process is alive, /proc/PID/environ
/// says which run it belongs to. The host's pid in it keeps the runs of nested hosts apart. A process that replaces its
/// environment (<c>env -i</c>) drops the mark; those are still found while they stay in the run's group or tree.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class RunTag
{
    /// <summary>The variable's name; a value inherited from a host above this one is not passed on.</summary>
    public const string Variable = "SUPERVISION_RUN";

    private static int _last;

    // "\0SUPERVISION_RUN=123.4\0": the whole entry, so that run 4 is not found in run 45. Made when first needed: most
    // runs never look for their mark.
    private byte[]? _entry;

    private RunTag(string value) => Value = value;

    /// <summary>The value given to the run's leader.</summary>
    public string Value { get; }

    /// <summary>The prefix of every value this host gives (<c>HOSTPID.</c>).</summary>
    public static string HostPrefix { get; } = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".";

    public static RunTag Next() => new(HostPrefix + Interlocked.Increment(ref _last).ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Whether the live process <paramref name="pid"/> carries this mark: <see langword="true"/>, <see langword="false"/>,
    /// or <see langword="null"/> when its environment reads empty, as it does for a moment while a process execs
    /// (the new image's environment is not in place yet).
    /// </summary>
    public bool? IsCarriedBy(int pid)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int length = ReadEnvironment(pid, rented, out byte[] buffer);
            return length <= 1 ? (length == 1 ? null : false) : buffer.AsSpan(0, length).IndexOf(_entry ??= Encoding.ASCII.GetBytes($"\0{Variable}={Value}\0")) >= 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The value of the mark the live process <paramref name="pid"/> carries, whichever host gave it; <see langword="null"/> if none.</summary>
    public static string? Of(int pid)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int length = ReadEnvironment(pid, rented, out byte[] buffer);
            ReadOnlySpan<byte> environment = buffer.AsSpan(0, Math.Max(length, 0));
            ReadOnlySpan<byte> prefix = "\0SUPERVISION_RUN="u8;
            int start = environment.IndexOf(prefix);
            if (start < 0)
            {
                return null;
            }

            ReadOnlySpan<byte> value = environment[(start + prefix.Length)..];
            int end = value.IndexOf((byte)0);
            return end < 0 ? null : Encoding.ASCII.GetString(value[..end]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Reads /proc/PID/environ into <paramref name="rented"/> behind one NUL that stands for the separator before the
    /// first entry (every entry ends with a NUL, the last one too); returns the length with that NUL, 1 when the
    /// environment reads empty, or -1 when the process is gone. An environment too long for <paramref name="rented"/>
    /// is read whole into a new array, given as <paramref name="data"/>.
    /// </summary>
    private static int ReadEnvironment(int pid, byte[] rented, out byte[] data)
    {
        string path = $"/proc/{pid}/environ";
        data = rented;
        rented[0] = 0;
        int length = ProcFsFile.Read(path, rented.AsSpan(1));
        if (length <= 0 || length + 1 < rented.Length)
        {
            return length < 0 ? -1 : length + 1;
        }

        data = ReadWhole(path);
        return data.Length;
    }

    private static byte[] ReadWhole(string path)
    {
        try
        {
            return [0, .. File.ReadAllBytes(path)];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
