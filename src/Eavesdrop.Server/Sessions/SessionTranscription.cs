namespace Eavesdrop.Server.Sessions;

/// <summary>
/// What a session publishes after each inference: the last N completed segments plus exactly one
/// incomplete tail (PROTOCOL.md), and which segments completed just now.
/// </summary>
internal sealed record SessionTranscription(
    IReadOnlyList<SessionSegment> Segments,
    IReadOnlyList<SessionSegment> NewlyCompleted,
    string? Language,
    string? RecordingId,
    bool FlushComplete);
