using System.Text.Json.Serialization;

namespace Eavesdrop.Protocol;

/// <summary>
/// A JSON message of the wire protocol. On the wire every message starts with its <c>type</c>
/// discriminator and <c>timestamp</c>; fields whose value is null are omitted.
/// Serialize and parse through <see cref="ProtocolCodec"/>.
/// </summary>
public abstract record ProtocolMessage
{
    private protected ProtocolMessage(string type) => Type = type;

    /// <summary>The discriminator, one of <see cref="MessageTypes"/>.</summary>
    [JsonPropertyOrder(-2)]
    public string Type { get; }

    /// <summary>When the message was created, in unix seconds. See <see cref="ProtocolTimestamp"/>.</summary>
    [JsonPropertyOrder(-1)]
    public double Timestamp { get; init; }
}
