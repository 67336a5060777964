namespace Eavesdrop.Server.Configuration;

/// <summary>YAML section <c>history:</c> — per-stream cache replayed to new RTSP subscribers.</summary>
public sealed record HistoryOptions
{
    public int MaxMessages { get; init; } = 100;

    public TimeSpan MaxAge { get; init; } = TimeSpan.FromHours(1);
}
