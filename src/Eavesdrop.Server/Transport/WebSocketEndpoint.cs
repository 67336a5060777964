using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Eavesdrop.Protocol;
using Eavesdrop.Server.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Transport;

/// <summary>
/// The one WebSocket endpoint (<c>/</c> and <c>/ws</c>): authenticates, picks the client kind from
/// <c>X-Client-Type</c> (or <c>?client_type=</c>), enforces the session limit, and hands the socket
/// to the right connection type. Each connection runs as its own request task.
/// </summary>
internal sealed partial class WebSocketEndpoint
{
    private readonly SessionServices _services;
    private readonly ISubscriberHandler _subscribers;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;
    private int _activeTranscribers;
    private long _nextSessionNumber;

    public WebSocketEndpoint(SessionServices services, ISubscriberHandler subscribers, IHostApplicationLifetime lifetime)
    {
        _services = services;
        _subscribers = subscribers;
        _lifetime = lifetime;
        _logger = services.LoggerFactory.CreateLogger("Eavesdrop.Transport");
    }

    public int ActiveTranscribers => Volatile.Read(ref _activeTranscribers);

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("Eavesdrop speaks WebSocket here; see PROTOCOL.md.\n", context.RequestAborted);
            return;
        }

        var options = _services.Options.Server;
        if (options.ApiKey is { Length: > 0 } apiKey && !IsAuthorised(context.Request, apiKey))
        {
            Log.Unauthorised(_logger, context.Connection.RemoteIpAddress?.ToString());
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return;
        }

        var kindText = FirstNonEmpty(context.Request.Headers[ProtocolHeaders.ClientType], context.Request.Query[ProtocolQueryParameters.ClientType]);
        var sessionId = NewSessionId();
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["SessionId"] = sessionId });
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = TimeSpan.FromSeconds(30),
            DangerousEnableCompression = false,
        });
        using var connection = new WebSocketConnection(socket, options.MaxFrameBytes, _services.Time);
        var aborted = context.RequestAborted;

        if (!ClientKinds.TryParse(kindText, out var kind))
        {
            await RejectAsync(connection, $"Unknown client type '{kindText}': use transcriber, rtsp_subscriber or health_check.", WebSocketCloseStatus.PolicyViolation, aborted);
            return;
        }

        switch (kind)
        {
            case ClientKind.HealthCheck:
                await connection.SendAsync(new ServerReadyMessage { Stream = ClientKinds.HealthCheck, Backend = _services.Engine.Name }, aborted);
                await connection.SendAsync(new DisconnectMessage { Stream = ClientKinds.HealthCheck, Message = "healthy" }, aborted);
                await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "healthy", aborted);
                await connection.AwaitCloseReplyAsync(aborted);
                return;

            case ClientKind.RtspSubscriber:
                var names = ClientKinds.ParseStreamNames(FirstNonEmpty(context.Request.Headers[ProtocolHeaders.StreamNames], context.Request.Query[ProtocolQueryParameters.Streams]));
                Log.SubscriberConnected(_logger, string.Join(",", names));
                await _subscribers.RunAsync(connection, names, _logger, _lifetime.ApplicationStopping, aborted);
                return;

            default:
                await ServeTranscriberAsync(connection, sessionId, aborted);
                return;
        }
    }

    private async Task ServeTranscriberAsync(WebSocketConnection connection, string sessionId, CancellationToken aborted)
    {
        if (Interlocked.Increment(ref _activeTranscribers) > _services.Options.Server.MaxSessions)
        {
            Interlocked.Decrement(ref _activeTranscribers);
            Log.SessionLimitReached(_logger, _services.Options.Server.MaxSessions);
            await RejectAsync(connection, $"Server busy: the maximum of {_services.Options.Server.MaxSessions} concurrent sessions is reached; try again later.", WebSocketCloseStatus.InternalServerError, aborted, closeCode: 1013);
            return;
        }

        try
        {
            Log.TranscriberConnected(_logger);
            var transcriber = new TranscriberConnection(connection, _services, sessionId, _logger, _lifetime.ApplicationStopping);
            await transcriber.RunAsync(aborted);
        }
#pragma warning disable CA1031 // one broken session must never take the server (or other sessions) down
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.SessionCrashed(_logger, ex);
            await connection.SendAsync(new ErrorMessage { Message = $"Internal error: {ex.Message}" }, CancellationToken.None);
            await connection.CloseAsync(WebSocketCloseStatus.InternalServerError, "Internal error", CancellationToken.None);
            await connection.AwaitCloseReplyAsync(aborted);
        }
        finally
        {
            Interlocked.Decrement(ref _activeTranscribers);
        }
    }

    private static async Task RejectAsync(WebSocketConnection connection, string message, WebSocketCloseStatus status, CancellationToken cancellationToken, int? closeCode = null)
    {
        await connection.SendAsync(new ErrorMessage { Message = message }, cancellationToken);
        await connection.CloseAsync(closeCode is { } code ? (WebSocketCloseStatus)code : status, message.Length > 100 ? message[..100] : message, cancellationToken);
        await connection.AwaitCloseReplyAsync(cancellationToken);
    }

    private static bool IsAuthorised(HttpRequest request, string apiKey)
    {
        string? presented = null;
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith(ProtocolHeaders.BearerScheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            presented = header[(ProtocolHeaders.BearerScheme.Length + 1)..].Trim();
        }

        presented ??= request.Query[ProtocolQueryParameters.Token].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(apiKey));
    }

    private static string? FirstNonEmpty(string? a, string? b) => !string.IsNullOrWhiteSpace(a) ? a : !string.IsNullOrWhiteSpace(b) ? b : null;

    private string NewSessionId() => $"s{Interlocked.Increment(ref _nextSessionNumber):x4}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}";

    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, EventName = "TranscriberConnected", Level = LogLevel.Information, Message = "Transcriber connected")]
        public static partial void TranscriberConnected(ILogger logger);

        [LoggerMessage(EventId = 1301, EventName = "SubscriberConnected", Level = LogLevel.Information, Message = "RTSP subscriber connected for streams {Streams}")]
        public static partial void SubscriberConnected(ILogger logger, string streams);

        [LoggerMessage(EventId = 1302, EventName = "SessionLimitReached", Level = LogLevel.Warning, Message = "Connection refused: {MaxSessions} sessions already active")]
        public static partial void SessionLimitReached(ILogger logger, int maxSessions);

        [LoggerMessage(EventId = 1303, EventName = "Unauthorised", Level = LogLevel.Warning, Message = "Upgrade refused with 401: missing or wrong API key from {RemoteAddress}")]
        public static partial void Unauthorised(ILogger logger, string? remoteAddress);

        [LoggerMessage(EventId = 1304, EventName = "SessionCrashed", Level = LogLevel.Error, Message = "Session failed unexpectedly; other sessions are unaffected")]
        public static partial void SessionCrashed(ILogger logger, Exception exception);
    }
}
