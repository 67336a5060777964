namespace Eavesdrop.LatencyBench;

/// <summary>Everything one run measured: written to <c>bench/results/latency.json</c>.</summary>
internal sealed record LatencyBenchReport
{
    public required DateTimeOffset StartedAt { get; init; }

    public required double RunSeconds { get; init; }

    public required string Machine { get; init; }

    public required int ProcessorCount { get; init; }

    /// <summary>1, 5 and 15-minute load averages when the run started and ended.</summary>
    public required double[] LoadAverageStart { get; init; }

    public required double[] LoadAverageEnd { get; init; }

    public required string ServerCommand { get; init; }

    public required string Clip { get; init; }

    public required double ClipSeconds { get; init; }

    public required double SpeechEndSeconds { get; init; }

    public required string Note { get; init; }

    public required IReadOnlyList<LatencySummary> Latency { get; init; }

    public required IReadOnlyList<RoundResult> LatencyRounds { get; init; }

    public required RoundResult Silence { get; init; }

    /// <summary>The speech rounds at the silence round's client count, for comparison.</summary>
    public required IReadOnlyList<RoundResult> SpeechAtSilenceClients { get; init; }

    public required double CapacityThresholdSeconds { get; init; }

    public required IReadOnlyList<LatencySummary> Capacity { get; init; }

    /// <summary>The largest client count whose median latency stayed under the threshold with no client missing; 0 if none.</summary>
    public required int CapacityHint { get; init; }
}
