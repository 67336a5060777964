namespace Eavesdrop.Protocol;

/// <summary>S→C: something the client sent was rejected, or the session failed.</summary>
public sealed record ErrorMessage() : ProtocolMessage(MessageTypes.Error)
{
    public string? Stream { get; init; }

    public required string Message { get; init; }
}
