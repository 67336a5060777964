namespace Eavesdrop.Protocol;

/// <summary>S→subscriber: an RTSP stream went online, offline, or failed.</summary>
public sealed record StreamStatusMessage() : ProtocolMessage(MessageTypes.StreamStatus)
{
    public required string Stream { get; init; }

    public required StreamStatus Status { get; init; }

    public string? Message { get; init; }
}
