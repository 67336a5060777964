namespace Eavesdrop.Bench;

/// <summary>One row of the Whisper table (and of bench/results/whisper.json).</summary>
internal sealed record WhisperBenchResult
{
    public required string Size { get; init; }

    public required string Variant { get; init; }

    public required int DModel { get; init; }

    public required int Layers { get; init; }

    public required double LoadSeconds { get; init; }

    /// <summary>Median encoder time for one 30 s window (batch 1).</summary>
    public required double EncoderMsPerWindow { get; init; }

    /// <summary>Median time of one KV-cached decoder step (batch 1), averaged over a run of steps.</summary>
    public required double DecoderMsPerToken { get; init; }

    public required int DecoderStepsPerRun { get; init; }

    /// <summary>Length of the file the real-time factor is measured on.</summary>
    public required double AudioSeconds { get; init; }

    /// <summary>Wall time to transcribe the file (60 s: two 30 s windows), divided by its length.</summary>
    public required double RealTimeFactor { get; init; }

    /// <summary>Tokens the random-weight model emitted over the file (what the RTF paid for).</summary>
    public required int TokensDecoded { get; init; }
}
