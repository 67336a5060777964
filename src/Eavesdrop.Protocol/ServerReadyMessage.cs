namespace Eavesdrop.Protocol;

/// <summary>S→C: the session is set up and the engine is ready.</summary>
public sealed record ServerReadyMessage() : ProtocolMessage(MessageTypes.ServerReady)
{
    public required string Stream { get; init; }

    /// <summary>The engine name, e.g. <c>whisper-onnx</c>.</summary>
    public required string Backend { get; init; }
}
