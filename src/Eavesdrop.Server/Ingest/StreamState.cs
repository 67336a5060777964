namespace Eavesdrop.Server.Ingest;

/// <summary>Where a stream's ingest loop is; each change is logged and raised as <see cref="StreamStatusChange"/>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(SnakeCaseEnumConverter<StreamState>))]
internal enum StreamState
{
    /// <summary><see cref="RtspClient.RunAsync"/> has not been called yet.</summary>
    NotStarted,

    /// <summary>ffmpeg is starting or connecting; no audio yet on this connection.</summary>
    Connecting,

    /// <summary>Audio is flowing (the stream is online).</summary>
    Transcribing,

    /// <summary>ffmpeg ended; waiting the fixed reconnect delay (the stream is offline).</summary>
    Reconnecting,

    /// <summary>Stopped for good (cancelled or disposed).</summary>
    Stopped,
}
