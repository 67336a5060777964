namespace Eavesdrop.Protocol;

/// <summary>S→C: the session is over; the server closes the socket next.</summary>
public sealed record DisconnectMessage() : ProtocolMessage(MessageTypes.Disconnect)
{
    public required string Stream { get; init; }

    public string? Message { get; init; }
}
