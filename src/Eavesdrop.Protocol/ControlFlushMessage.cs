namespace Eavesdrop.Protocol;

/// <summary>
/// C→S: finish everything up to the audio received so far; the server answers one
/// <see cref="TranscriptionMessage"/> with <c>flush_complete: true</c>.
/// </summary>
public sealed record ControlFlushMessage() : ProtocolMessage(MessageTypes.ControlFlush)
{
    public required string Stream { get; init; }

    public required string RecordingId { get; init; }

    /// <summary>Complete the open tail segment too (default true).</summary>
    /// <remarks>
    /// A setter, not <c>init</c>: the source-generated deserializer assigns every init-only
    /// property, so an absent field would read as false instead of the default.
    /// </remarks>
    public bool ForceComplete { get; set; } = true;
}
