namespace Eavesdrop.LatencyBench;

/// <summary>One <see cref="LoadRound"/>: per-client latencies (null = the speech end never completed) and server totals.</summary>
internal sealed record RoundResult
{
    public required string Clip { get; init; }

    public required int Clients { get; init; }

    public required double AudioSecondsPerClient { get; init; }

    public required double? SpeechEndSeconds { get; init; }

    public required double WallSeconds { get; init; }

    public required IReadOnlyList<double?> LatenciesSeconds { get; init; }

    /// <summary>Clients whose speech end completed only after they sent <c>END_OF_AUDIO</c> (the final flush, not streaming).</summary>
    public required int FinalisedAfterEndOfAudio { get; init; }

    public required double ServerCpuSeconds { get; init; }

    /// <summary>Sum of the server's "session ended … N inference(s)" over this round's sessions.</summary>
    public required int Inferences { get; init; }

    /// <summary>Sum of the server's "session ended after X s of audio" over this round's sessions.</summary>
    public required double ServerAudioSeconds { get; init; }

    /// <summary>Server CPU seconds per client per second of audio.</summary>
    public double CpuPerClientAudioSecond => ServerCpuSeconds / (Clients * AudioSecondsPerClient);
}
