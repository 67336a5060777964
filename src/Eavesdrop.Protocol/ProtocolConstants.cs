namespace Eavesdrop.Protocol;

/// <summary>Fixed values of the wire protocol.</summary>
public static class ProtocolConstants
{
    /// <summary>The only sample rate of live audio: float32 little-endian mono at 16 kHz.</summary>
    public const int SampleRateHz = 16000;

    public const int DefaultPort = 9090;

    /// <summary>The server's default for <c>options.send_last_n_segments</c>.</summary>
    public const int DefaultSendLastNSegments = 10;

    /// <summary>The WebSocket path; <see cref="AlternatePath"/> is accepted too.</summary>
    public const string Path = "/";

    public const string AlternatePath = "/ws";
}
