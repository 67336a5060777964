using System.Net.WebSockets;
using Eavesdrop.Protocol;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Transport;

/// <summary>Subscriber handling for a server with no RTSP streams configured.</summary>
internal sealed class NoStreamsSubscriberHandler : ISubscriberHandler
{
    public async Task RunAsync(WebSocketConnection connection, IReadOnlyList<string> streamNames, ILogger logger, CancellationToken shutdown, CancellationToken connectionAborted)
    {
        const string Message = "No RTSP streams are configured on this server (start it with --config and a streams: section).";
        await connection.SendAsync(new ErrorMessage { Message = Message }, connectionAborted);
        await connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, "No RTSP streams configured", connectionAborted);
        await connection.AwaitCloseReplyAsync(connectionAborted);
    }
}
