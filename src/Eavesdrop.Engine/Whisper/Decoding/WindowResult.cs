namespace Eavesdrop.Engine.Whisper.Decoding;

/// <summary>Outcome of decoding one window at one temperature (whisper's DecodingResult).</summary>
internal sealed record WindowResult
{
    /// <summary>Sampled tokens, timestamps included, end-of-text excluded.</summary>
    public required int[] Tokens { get; init; }

    public required string Text { get; init; }

    public required double SumLogProb { get; init; }

    /// <summary>Sum of log-probabilities over tokens + end-of-text, as whisper computes it.</summary>
    public double AvgLogProb => SumLogProb / (Tokens.Length + 1);

    public required double NoSpeechProb { get; init; }

    public required double CompressionRatio { get; init; }

    public required float Temperature { get; init; }
}
