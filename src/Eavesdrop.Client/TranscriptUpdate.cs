using Eavesdrop.Protocol;

namespace Eavesdrop.Client;

/// <summary>One message from the server, with the segments it completed for the first time.</summary>
public sealed record TranscriptUpdate
{
    public required ProtocolMessage Message { get; init; }

    /// <summary>For a <see cref="TranscriptionMessage"/>: its completed segments not seen before, in order; otherwise empty.</summary>
    public IReadOnlyList<Segment> NewlyCompleted { get; init; } = [];

    /// <summary>For a <see cref="TranscriptionMessage"/>: its incomplete tail segment, if any.</summary>
    public Segment? Tail { get; init; }
}
