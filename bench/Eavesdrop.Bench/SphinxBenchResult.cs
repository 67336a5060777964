namespace Eavesdrop.Bench;

internal sealed record SphinxBenchResult
{
    public required string Audio { get; init; }

    public required double AudioSeconds { get; init; }

    public required double MedianSeconds { get; init; }

    public required double RealTimeFactor { get; init; }
}
