namespace Eavesdrop.Protocol;

/// <summary>The values of the <c>type</c> discriminator of every JSON message.</summary>
public static class MessageTypes
{
    public const string Setup = "setup";
    public const string ServerReady = "server_ready";
    public const string ControlRecordingStarted = "control_recording_started";
    public const string ControlFlush = "control_flush";
    public const string ControlUtteranceCancelled = "control_utterance_cancelled";
    public const string Transcription = "transcription";
    public const string LanguageDetection = "language_detection";
    public const string Error = "error";
    public const string Disconnect = "disconnect";
    public const string StreamStatus = "stream_status";
    public const string HealthCheck = "health_check";
}
