namespace Eavesdrop.Protocol;

/// <summary>C→S: opens a transcriber session. The server answers <see cref="ServerReadyMessage"/>.</summary>
public sealed record SetupMessage() : ProtocolMessage(MessageTypes.Setup)
{
    /// <summary>The client-chosen stream id, echoed in every message of the session.</summary>
    public required string Stream { get; init; }

    /// <summary>Session options; absent means the server's defaults.</summary>
    public SessionOptionsMessage? Options { get; init; }
}
