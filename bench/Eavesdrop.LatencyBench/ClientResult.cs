namespace Eavesdrop.LatencyBench;

/// <summary>What one client saw: its finalisation latency (null if the speech end never completed) and whether it only came after <c>END_OF_AUDIO</c>.</summary>
internal sealed record ClientResult(TimeSpan? Latency, bool FinalisedAfterEndOfAudio);
