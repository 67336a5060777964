using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Eavesdrop.Protocol;
using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Transport;
using Microsoft.AspNetCore.Http;

namespace Eavesdrop.Server.Streams;

/// <summary>
/// <c>GET /status</c>: the operators' JSON view (<see cref="ServerStatusReport"/>). When an API key is
/// configured it is required here too, as for WebSocket clients.
/// </summary>
internal sealed class StatusEndpoint
{
    private readonly EavesdropOptions _options;
    private readonly WebSocketEndpoint _webSockets;
    private readonly StreamSupervisor? _supervisor;
    private readonly StreamHubs? _hubs;

    public StatusEndpoint(EavesdropOptions options, WebSocketEndpoint webSockets, StreamSupervisor? supervisor = null, StreamHubs? hubs = null)
    {
        _options = options;
        _webSockets = webSockets;
        _supervisor = supervisor;
        _hubs = hubs;
    }

    public ServerStatusReport Snapshot() => new(
        _supervisor?.Statuses ?? [],
        _webSockets.ActiveTranscribers,
        _hubs?.All.Sum(h => h.SubscriberCount) ?? 0);

    public async Task HandleAsync(HttpContext context)
    {
        if (_options.Server.ApiKey is { Length: > 0 } apiKey && !IsAuthorised(context.Request, apiKey))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = ProtocolHeaders.BearerScheme;
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, Snapshot(), StreamsJsonContext.Default.ServerStatusReport, context.RequestAborted);
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
}
