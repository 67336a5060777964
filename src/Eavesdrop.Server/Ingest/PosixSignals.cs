using System.Runtime.InteropServices;

namespace Eavesdrop.Server.Ingest;

/// <summary>libc <c>kill(2)</c>: .NET can only SIGKILL a child, and ffmpeg deserves a SIGTERM first.</summary>
internal static partial class PosixSignals
{
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="processId"/>; false when it failed (e.g. already gone).</summary>
    public static bool Send(int processId, int signal) => Kill(processId, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
