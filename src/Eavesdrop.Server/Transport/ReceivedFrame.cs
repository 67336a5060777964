using System.Net.WebSockets;

namespace Eavesdrop.Server.Transport;

/// <summary>One whole WebSocket message, or why there is none.</summary>
internal readonly record struct ReceivedFrame(ReceivedFrameKind Kind, WebSocketMessageType MessageType, ReadOnlyMemory<byte> Payload, int Length);

internal enum ReceivedFrameKind
{
    Message,

    /// <summary>The client sent a close frame (a clean goodbye).</summary>
    Closed,

    /// <summary>The message exceeded the configured maximum; <see cref="ReceivedFrame.Length"/> is how far it got.</summary>
    TooLarge,
}
