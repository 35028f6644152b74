// The suite drives real POSIX processes, signals and /proc: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
