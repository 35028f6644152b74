using System.Buffers;
using System.Globalization;
using System.Text;
using System.Runtime.Versioning;

namespace Supervision;

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
        string path = $"/proc/{pid}/environ";
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            // One byte in front stands for the separator before the first entry.
            buffer[0] = 0;
            int length = ProcFsFile.Read(path, buffer.AsSpan(1));
            if (length <= 0)
            {
                return length == 0 ? null : false;
            }

            ReadOnlySpan<byte> environment = length + 1 < buffer.Length ? buffer.AsSpan(0, length + 1) : ReadWhole(path);

            // Every entry ends with a NUL, the last one too.
            return environment.IndexOf(_entry ??= Encoding.ASCII.GetBytes($"\0{Variable}={Value}\0")) >= 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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
