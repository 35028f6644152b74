using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using Supervision.Runs;
using static Supervision.Processes.Notify.NotifySocketNative;

namespace Supervision.Processes.Notify;

/// <summary>
/// The host's one socket for the systemd notify protocol (<c>sd_notify</c>): a datagram socket in the abstract
/// namespace, bound the first time a child type that uses it starts, and named to those children in
/// <c>NOTIFY_SOCKET</c>. Each datagram carries its sender's pid (<c>SCM_CREDENTIALS</c>, filled in by the kernel, so
/// it cannot be forged without privileges) and is credited to the run that pid belongs to: a run's leader, a process
/// of its session, or one carrying its <see cref="RunTag"/>. <c>systemd-notify</c> sends in its parent's name
/// (the shell that ran it, a process of the run) and waits on a barrier until its datagrams are read, so its pid
/// or its parent's is alive when it is looked up. Datagrams from anyone else are dropped and counted, never trusted.
/// One dedicated thread waits in <c>recvmsg</c>: nothing wakes up while nobody sends.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed unsafe class NotifySocket
{
    /// <summary>The longest datagram read, systemd's own limit; a longer one is dropped.</summary>
    private const int MaxDatagram = 4096;

    /// <summary>Room for the credentials and the most descriptors one message can pass (SCM_MAX_FD, 253).</summary>
    private const int ControlSize = 2048;

    private static readonly Lazy<NotifySocket> SharedSocket = new(() => new NotifySocket());
    private static long _unknownSenders;

    private readonly int _fd;
    private readonly ConcurrentDictionary<int, NotifyRegistration> _byLeader = new();
    private readonly ConcurrentDictionary<string, NotifyRegistration> _byTag = new(StringComparer.Ordinal);

    private NotifySocket()
    {
        Address = string.Create(CultureInfo.InvariantCulture, $"@supervision/{Environment.ProcessId}/{Guid.NewGuid():N}");
        _fd = Socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (_fd < 0)
        {
            throw new InvalidOperationException($"The notify socket could not be created (errno {Marshal.GetLastPInvokeError()}).");
        }

        int on = 1;
        if (SetSocketOption(_fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof(int)) != 0 || !TryBind(_fd, Address))
        {
            int errno = Marshal.GetLastPInvokeError();
            _ = Close(_fd);
            throw new InvalidOperationException($"The notify socket {Address} could not be bound (errno {errno}).");
        }

        new Thread(Receive) { IsBackground = true, Name = "Supervision notify" }.Start();
    }

    /// <summary>The host's socket, bound on first use.</summary>
    public static NotifySocket Shared => SharedSocket.Value;

    /// <summary>How many datagrams came from a process that belongs to no run listening here, or carried no sender.</summary>
    public static long UnknownSenders => Interlocked.Read(ref _unknownSenders);

    /// <summary>The value of <c>NOTIFY_SOCKET</c>: <c>@</c> stands for the abstract namespace, as systemd writes it.</summary>
    public string Address { get; }

    /// <summary>Listens for a run about to be spawned; dispose the registration when the run has ended.</summary>
    public NotifyRegistration Register(RunTag tag, RunChannel channel, int generation)
    {
        var registration = new NotifyRegistration(this, tag, channel, generation);
        _byTag[tag.Value] = registration;
        return registration;
    }

    internal void AddLeader(NotifyRegistration registration) => _byLeader[registration.Leader] = registration;

    internal void Remove(NotifyRegistration registration)
    {
        _ = _byTag.TryRemove(new KeyValuePair<string, NotifyRegistration>(registration.Tag.Value, registration));
        if (registration.Leader != 0)
        {
            _ = _byLeader.TryRemove(new KeyValuePair<int, NotifyRegistration>(registration.Leader, registration));
        }
    }

    /// <summary>The run <paramref name="pid"/> belongs to: its leader, its session (every run has one of its own), or its mark.</summary>
    private NotifyRegistration? FindRun(int pid)
    {
        if (_byLeader.TryGetValue(pid, out NotifyRegistration? run))
        {
            return run;
        }

        if (ProcessTree.TryReadStat(pid, out ProcessTree.ProcessStat stat) && _byLeader.TryGetValue(stat.Session, out run))
        {
            return run;
        }

        return RunTag.Of(pid) is { } tag && _byTag.TryGetValue(tag, out run) ? run : null;
    }

    private static bool TryBind(int fd, string address)
    {
        // struct sockaddr_un: the family, then the path; an abstract name starts with a NUL instead of '@'.
        byte[] name = Encoding.UTF8.GetBytes(address);
        name[0] = 0;
        byte* buffer = stackalloc byte[2 + 108];
        *(ushort*)buffer = AF_UNIX;
        name.CopyTo(new Span<byte>(buffer + 2, 108));
        return Bind(fd, buffer, (uint)(2 + name.Length)) == 0;
    }

    private void Receive()
    {
        byte* data = (byte*)NativeMemory.Alloc(MaxDatagram);
        byte* control = (byte*)NativeMemory.AlignedAlloc(ControlSize, 8);
        while (true)
        {
            var vector = new IoVector { Base = data, Length = MaxDatagram };
            var message = new MessageHeader { Vectors = &vector, VectorCount = 1, Control = control, ControlLength = ControlSize };
            nint length = ReceiveMessage(_fd, &message, MSG_CMSG_CLOEXEC);
            if (length < 0)
            {
                if (Marshal.GetLastPInvokeError() == EINTR)
                {
                    continue;
                }

                // The socket is never closed; anything else would be a bug of ours: stop rather than spin.
                return;
            }

            int sender = ReadControl(control, message.ControlLength);
            if ((message.Flags & MSG_TRUNC) != 0)
            {
                // Longer than any message of the protocol: not one to act on in part.
                continue;
            }

            NotifyRegistration? run = sender > 0 ? FindRun(sender) : null;
            if (run is null)
            {
                Interlocked.Increment(ref _unknownSenders);
                continue;
            }

            Dispatch(run, new ReadOnlySpan<byte>(data, (int)length));
        }
    }

    /// <summary>Closes the descriptors a message passed (a <c>BARRIER=1</c>'s pipe: closing it answers), and returns the sender's pid.</summary>
    private static int ReadControl(byte* control, nuint controlLength)
    {
        int sender = 0;
        int headerSize = sizeof(ControlHeader);
        nuint offset = 0;
        while (offset + (nuint)headerSize <= controlLength)
        {
            var header = (ControlHeader*)(control + offset);
            if (header->Length < (nuint)headerSize || offset + header->Length > controlLength)
            {
                break;
            }

            byte* payload = control + offset + headerSize;
            int payloadLength = (int)header->Length - headerSize;
            if (header->Level == SOL_SOCKET && header->Type == SCM_CREDENTIALS && payloadLength >= sizeof(Credentials))
            {
                sender = ((Credentials*)payload)->Pid;
            }
            else if (header->Level == SOL_SOCKET && header->Type == SCM_RIGHTS)
            {
                for (int i = 0; i + sizeof(int) <= payloadLength; i += sizeof(int))
                {
                    _ = Close(*(int*)(payload + i));
                }
            }

            offset += (header->Length + 7) & ~(nuint)7;
        }

        return sender;
    }

    /// <summary>One assignment per line; what this host has no use for (MAINPID, BARRIER, RELOADING, …) is ignored.</summary>
    private static void Dispatch(NotifyRegistration run, ReadOnlySpan<byte> datagram)
    {
        foreach (Range range in datagram.Split((byte)'\n'))
        {
            ReadOnlySpan<byte> line = datagram[range];
            if (line.SequenceEqual("READY=1"u8))
            {
                run.Channel.Ready(run.Generation);
            }
            else if (line.SequenceEqual("WATCHDOG=1"u8))
            {
                run.Channel.Heartbeat(run.Generation);
            }
            else if (line.StartsWith("STATUS="u8))
            {
                run.Channel.Status(run.Generation, Encoding.UTF8.GetString(line["STATUS="u8.Length..]));
            }
            else if (line.SequenceEqual("STOPPING=1"u8))
            {
                run.Channel.Stopping(run.Generation);
            }
        }
    }
}
