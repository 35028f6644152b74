// The tests run the child process layer directly (spawn, /proc, signals), which is Linux code: so is this assembly.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
