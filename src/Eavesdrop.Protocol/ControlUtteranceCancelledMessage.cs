namespace Eavesdrop.Protocol;

/// <summary>C→S: drop the unprocessed tail; results in flight for the dropped audio are discarded.</summary>
public sealed record ControlUtteranceCancelledMessage() : ProtocolMessage(MessageTypes.ControlUtteranceCancelled)
{
    public required string Stream { get; init; }

    public required string RecordingId { get; init; }
}
