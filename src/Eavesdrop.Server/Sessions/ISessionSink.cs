namespace Eavesdrop.Server.Sessions;

/// <summary>Where a session's results go: a WebSocket client, an RTSP stream's subscribers and log.</summary>
internal interface ISessionSink
{
    ValueTask OnTranscriptionAsync(SessionTranscription transcription, CancellationToken cancellationToken);

    ValueTask OnLanguageDetectedAsync(string language, double probability, CancellationToken cancellationToken);
}
