namespace Eavesdrop.Server.Configuration;

/// <summary>YAML section <c>streaming:</c> — the streaming policy shared by every source.</summary>
public sealed record StreamingOptions
{
    /// <summary>Least new audio (seconds) before a live window is sent to the engine.</summary>
    public double MinChunkSeconds { get; init; } = 1.0;

    /// <summary>Least time (seconds) between two inferences of one live session.</summary>
    public double IntervalSeconds { get; init; } = 0.5;

    /// <summary>Silence after speech (seconds) that completes the open segment(s).</summary>
    public double CompletionSilenceSeconds { get; init; } = 0.7;

    /// <summary>Longest window sent to the engine; longer unfinished audio is force-completed.</summary>
    public double MaxWindowSeconds { get; init; } = 30;
}
