using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Transport;

/// <summary>
/// Serves an <c>rtsp_subscriber</c> connection (PROTOCOL.md "RTSP subscriber session"); the RTSP
/// layer provides it. The endpoint has already accepted the socket.
/// </summary>
internal interface ISubscriberHandler
{
    Task RunAsync(WebSocketConnection connection, IReadOnlyList<string> streamNames, ILogger logger, CancellationToken shutdown, CancellationToken connectionAborted);
}
