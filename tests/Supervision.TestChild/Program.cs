// A small real program for the tests of child process supervision. Usage: Supervision.TestChild MODE [ARGS…]
//   exit CODE [DELAY_MS]     print "ready", wait, exit with CODE
//   sleep                    print "ready", run until SIGTERM/SIGINT, then print "stopping" and exit 0
//   ignore-term              print "ready", ignore SIGTERM, run until killed
//   grandchildren N [detach] start N grandchildren (this program in "sleep" mode; with "detach", in a session
//                            of their own, out of our process group), print "grandchild PID" for each, then sleep
//   lines N                  print "line 1" … "line N" as fast as possible, then exit 0
//   env NAME…                print "NAME=value" for each (PID: this process's id), then "ready", then sleep
//   args ARG…                print each argument on its own line between "<" and ">", then exit 0
//   partial TEXT             write TEXT without a newline, then exit 0
//   long BYTES               write one line of BYTES 'x' (as fast as the pipe takes it), then "done", then sleep
//   signal N                 kill itself with signal N
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

string mode = args.Length > 0 ? args[0] : "sleep";
Stream stdout = Console.OpenStandardOutput();

void Say(string line)
{
    byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
    stdout.Write(bytes);
    stdout.Flush();
}

async Task<int> SleepUntilStoppedAsync()
{
    var stopped = new TaskCompletionSource();
    using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stopped.TrySetResult(); });
    using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stopped.TrySetResult(); });
    Say("ready");
    await stopped.Task;
    Say("stopping");
    return 0;
}

switch (mode)
{
    case "exit":
        Say("ready");
        if (args.Length > 2)
        {
            await Task.Delay(int.Parse(args[2]));
        }

        return int.Parse(args[1]);

    case "sleep":
        return await SleepUntilStoppedAsync();

    case "ignore-term":
    {
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => c.Cancel = true);
        Say("ready");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    case "grandchildren":
    {
        int count = int.Parse(args[1]);
        bool detach = args.Length > 2 && args[2] == "detach";
        string self = Environment.ProcessPath!;
        string? dll = self.EndsWith("dotnet", StringComparison.Ordinal) ? typeof(Program).Assembly.Location : null;
        for (int i = 0; i < count; i++)
        {
            var start = new ProcessStartInfo(detach ? "setsid" : self) { UseShellExecute = false };
            if (detach)
            {
                start.ArgumentList.Add(self);
            }

            if (dll is not null)
            {
                start.ArgumentList.Add(dll);
            }

            start.ArgumentList.Add("ignore-term");
            using Process child = Process.Start(start)!;
            Say($"grandchild {child.Id}");
        }

        return await SleepUntilStoppedAsync();
    }

    case "lines":
    {
        long count = long.Parse(args[1]);
        using var buffered = new BufferedStream(stdout, 1 << 16);
        byte[] prefix = "line "u8.ToArray();
        Span<byte> number = stackalloc byte[24];
        for (long i = 1; i <= count; i++)
        {
            buffered.Write(prefix);
            i.TryFormat(number, out int written);
            number[written++] = (byte)'\n';
            buffered.Write(number[..written]);
        }

        return 0;
    }

    case "env":
        foreach (string name in args.Skip(1))
        {
            Say($"{name}={(name == "PID" ? Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) : Environment.GetEnvironmentVariable(name))}");
        }

        return await SleepUntilStoppedAsync();

    case "args":
        foreach (string arg in args.Skip(1))
        {
            Say($"<{arg}>");
        }

        return 0;

    case "long":
    {
        long remaining = long.Parse(args[1]);
        byte[] chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        while (remaining > 0)
        {
            int size = (int)Math.Min(chunk.Length, remaining);
            stdout.Write(chunk, 0, size);
            remaining -= size;
        }

        Say("");
        Say("done");
        return await SleepUntilStoppedAsync();
    }

    case "partial":
        stdout.Write(Encoding.UTF8.GetBytes(args[1]));
        stdout.Flush();
        return 0;

    case "signal":
        _ = Kill(Environment.ProcessId, int.Parse(args[1]));
        await Task.Delay(Timeout.Infinite);
        return 0;

    default:
        Console.Error.WriteLine($"unknown mode '{mode}'");
        return 2;
}

[DllImport("libc", EntryPoint = "kill")]
static extern int Kill(int pid, int signal);
