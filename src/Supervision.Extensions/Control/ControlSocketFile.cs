using System.Net.Sockets;
using System.Runtime.Versioning;

namespace Supervision.Extensions.Control;

/// <summary>The socket's place in the file system: checked and cleared before the bind, removed after the host stops.</summary>
[SupportedOSPlatform("linux")]
internal static class ControlSocketFile
{
    /// <summary>The longest socket path Linux takes (<c>sun_path</c> is 108 bytes with its terminating zero).</summary>
    public const int MaxPathBytes = 107;

    /// <summary>
    /// Makes <paramref name="path"/> free for a new socket: refuses a directory others may write to (they could put
    /// their own socket there), a socket that answers (another host is running there) and a file that is not a socket
    /// (not ours to delete); removes a socket nobody answers on, left by a host that was killed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The path cannot be used; the message says why.</exception>
    public static void Claim(string path)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            throw new InvalidOperationException($"Control socket '{path}': the path is longer than the {MaxPathBytes} bytes a Unix socket path may have.");
        }

        string directory = Path.GetDirectoryName(path)!;
        if (!UnixFileStatus.TryGet(directory, out uint type, out uint owner, out UnixFileMode mode) || type != UnixFileStatus.Directory)
        {
            throw new InvalidOperationException($"Control socket '{path}': the directory '{directory}' does not exist.");
        }

        if (owner != PeerCredentials.EffectiveUserId)
        {
            throw new InvalidOperationException($"Control socket '{path}': the directory '{directory}' belongs to user id {owner}, not to the user running the host ({PeerCredentials.EffectiveUserId}).");
        }

        if ((mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0 && (mode & UnixFileMode.StickyBit) == 0)
        {
            throw new InvalidOperationException($"Control socket '{path}': the directory '{directory}' is writable by other users; put the socket in a directory only its owner can write to.");
        }

        if (!UnixFileStatus.TryGet(path, out type, out _, out _))
        {
            return;
        }

        if (type != UnixFileStatus.Socket)
        {
            throw new InvalidOperationException($"Control socket '{path}': a file that is not a socket is in the way; remove it or choose another path.");
        }

        if (Answers(path))
        {
            throw new InvalidOperationException($"Control socket '{path}': another host is running and listening there; stop it first, or choose another path.");
        }

        // Left by a host that did not stop cleanly (killed): nobody listens, so it is replaced.
        File.Delete(path);
    }

    /// <summary>Removes the socket file at <paramref name="path"/>, if a socket is there.</summary>
    public static void Remove(string path)
    {
        try
        {
            if (UnixFileStatus.TryGet(path, out uint type, out _, out _) && type == UnixFileStatus.Socket)
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
            // Removed already, or the directory went: nothing is left to clean.
        }
    }

    private static bool Answers(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
