namespace Eavesdrop.Protocol;

/// <summary>
/// S→C: the last N completed segments plus exactly one incomplete tail. Consecutive messages
/// overlap; deduplicate completed segments by <see cref="Segment.Id"/>.
/// </summary>
public sealed record TranscriptionMessage() : ProtocolMessage(MessageTypes.Transcription)
{
    public required string Stream { get; init; }

    public required IReadOnlyList<Segment> Segments { get; init; }

    public string? Language { get; init; }

    public string? RecordingId { get; init; }

    /// <summary>True on the one message that answers a <see cref="ControlFlushMessage"/>.</summary>
    public bool? FlushComplete { get; init; }
}
