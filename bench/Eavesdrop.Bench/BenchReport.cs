namespace Eavesdrop.Bench;

/// <summary>Everything one run measured, as written to bench/results/whisper.json.</summary>
internal sealed record BenchReport
{
    public required DateTimeOffset StartedAt { get; init; }

    public required string Machine { get; init; }

    public required int ProcessorCount { get; init; }

    public required double LoadAverage { get; init; }

    public required int IntraOpThreads { get; init; }

    public required string Note { get; init; }

    public required IReadOnlyList<WhisperBenchResult> Whisper { get; init; }

    public SphinxBenchResult? PocketSphinx { get; init; }
}
