namespace Eavesdrop.Server.Configuration;

/// <summary>YAML section <c>rtsp:</c> — how every configured stream is ingested.</summary>
public sealed record RtspOptions
{
    /// <summary>Fixed delay after every ffmpeg end before reconnecting (design §3.1: 30 s).</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>No audio bytes for this long kills ffmpeg and reconnects.</summary>
    public TimeSpan NoDataTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time ffmpeg gets after SIGTERM before it is killed.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    public string FfmpegPath { get; init; } = "ffmpeg";
}
