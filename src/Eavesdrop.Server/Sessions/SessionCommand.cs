namespace Eavesdrop.Server.Sessions;

/// <summary>Input to a session's processing loop, in arrival order.</summary>
internal abstract record SessionCommand
{
    public sealed record Audio(float[] Samples) : SessionCommand;

    public sealed record StartRecording(string? RecordingId) : SessionCommand;

    public sealed record Flush(string? RecordingId, bool ForceComplete) : SessionCommand;

    public sealed record Cancel(string? RecordingId) : SessionCommand;

    public sealed record EndOfAudio : SessionCommand;
}
