namespace Eavesdrop.Tests.Common.Processes;

/// <summary>POSIX signal numbers (the same on Linux and macOS for these).</summary>
public enum UnixSignal
{
    Hangup = 1,
    Interrupt = 2,
    Kill = 9,
    Terminate = 15,
}
