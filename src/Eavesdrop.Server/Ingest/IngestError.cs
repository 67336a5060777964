namespace Eavesdrop.Server.Ingest;

/// <summary>Why an ffmpeg run ended or what ffmpeg complained about. Every value leads to a reconnect.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(SnakeCaseEnumConverter<IngestError>))]
internal enum IngestError
{
    /// <summary>ffmpeg reported an error this list has no better name for.</summary>
    Other,

    /// <summary><c>Connection refused</c>: nothing listens at the host and port.</summary>
    ConnectionRefused,

    /// <summary><c>Failed to resolve hostname</c>.</summary>
    HostNotFound,

    /// <summary>A network operation timed out.</summary>
    Timeout,

    /// <summary>RTSP 401/403: wrong or missing credentials.</summary>
    Unauthorized,

    /// <summary>RTSP 404: no such path on the server.</summary>
    NotFound,

    /// <summary><c>Output file #0 does not contain any stream</c>: the stream has no audio track.</summary>
    NoAudioStream,

    /// <summary>RTSP 461: the server refuses RTP over TCP.</summary>
    UnsupportedTransport,

    /// <summary>RTSP 503.</summary>
    ServiceUnavailable,

    /// <summary><c>Invalid data found when processing input</c>.</summary>
    InvalidData,

    /// <summary>ffmpeg exited with code 0: the server ended the stream or went away.</summary>
    Disconnected,

    /// <summary>No audio bytes for <c>NoDataTimeout</c>; the watchdog stopped ffmpeg.</summary>
    NoData,

    /// <summary>ffmpeg could not be started (not installed, not executable).</summary>
    StartFailed,

    /// <summary>ffmpeg exited with a non-zero code and no error text this client recognises.</summary>
    ExitedWithError,
}
