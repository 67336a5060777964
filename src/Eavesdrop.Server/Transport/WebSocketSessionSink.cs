using Eavesdrop.Protocol;
using Eavesdrop.Server.Sessions;

namespace Eavesdrop.Server.Transport;

/// <summary>Sends a transcriber session's results to its own WebSocket client.</summary>
internal sealed class WebSocketSessionSink : ISessionSink
{
    private readonly WebSocketConnection _connection;
    private readonly string _stream;

    public WebSocketSessionSink(WebSocketConnection connection, string stream)
    {
        _connection = connection;
        _stream = stream;
    }

    public async ValueTask OnTranscriptionAsync(SessionTranscription transcription, CancellationToken cancellationToken) =>
        await _connection.SendAsync(transcription.ToWire(_stream), cancellationToken);

    public async ValueTask OnLanguageDetectedAsync(string language, double probability, CancellationToken cancellationToken) =>
        await _connection.SendAsync(
            new LanguageDetectionMessage { Stream = _stream, Language = language, LanguageProb = probability },
            cancellationToken);

    public async ValueTask OnErrorAsync(string message, CancellationToken cancellationToken) =>
        await _connection.SendAsync(new ErrorMessage { Stream = _stream, Message = message }, cancellationToken);
}
