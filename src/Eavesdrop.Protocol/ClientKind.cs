namespace Eavesdrop.Protocol;

/// <summary>What a connection is, chosen at the WebSocket upgrade (see <see cref="ClientKinds"/>).</summary>
public enum ClientKind
{
    /// <summary>Sends audio and receives its transcription (the default).</summary>
    Transcriber,

    /// <summary>Watches the transcriptions of configured RTSP streams.</summary>
    RtspSubscriber,

    /// <summary>A liveness probe.</summary>
    HealthCheck,
}
