namespace Eavesdrop.Protocol;

/// <summary>
/// C→S: a recording epoch starts; binary audio follows. Segment times restart at 0 and the id
/// chain restarts.
/// </summary>
public sealed record ControlRecordingStartedMessage() : ProtocolMessage(MessageTypes.ControlRecordingStarted)
{
    public required string Stream { get; init; }

    /// <summary>An opaque id the client chooses for this recording.</summary>
    public required string RecordingId { get; init; }

    /// <summary>The sample rate of the audio that follows; the server accepts only <see cref="ProtocolConstants.SampleRateHz"/>.</summary>
    public required int SampleRateHz { get; init; }
}
