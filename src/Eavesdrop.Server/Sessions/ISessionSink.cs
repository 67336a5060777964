namespace Eavesdrop.Server.Sessions;

/// <summary>Where a session's results go: a WebSocket client, an RTSP stream's subscribers and log.</summary>
internal interface ISessionSink
{
    ValueTask OnTranscriptionAsync(SessionTranscription transcription, CancellationToken cancellationToken);

    ValueTask OnLanguageDetectedAsync(string language, double probability, CancellationToken cancellationToken);

    /// <summary>A window could not be transcribed (engine fault); the session goes on with the next one.</summary>
    ValueTask OnErrorAsync(string message, CancellationToken cancellationToken);
}
