using System.Text.Json.Serialization;

namespace Eavesdrop.Protocol;

/// <summary>
/// One transcribed segment. The JSON field order is fixed by the protocol:
/// id, seek, start, end, text, tokens, avg_logprob, compression_ratio, words?, temperature?,
/// completed, avg_probability, duration.
/// </summary>
public sealed record Segment
{
    /// <summary>
    /// The id chain value: <see cref="SegmentIdChain.BaselineId"/> for an incomplete segment, the
    /// chained CRC-64 for a completed one (see <see cref="SegmentIdChain"/>).
    /// </summary>
    [JsonPropertyOrder(0)]
    public required ulong Id { get; init; }

    [JsonPropertyOrder(1)]
    public required int Seek { get; init; }

    /// <summary>Seconds on the recording's timeline.</summary>
    [JsonPropertyOrder(2)]
    public required double Start { get; init; }

    [JsonPropertyOrder(3)]
    public required double End { get; init; }

    [JsonPropertyOrder(4)]
    public required string Text { get; init; }

    [JsonPropertyOrder(5)]
    public required IReadOnlyList<int> Tokens { get; init; }

    [JsonPropertyOrder(6)]
    public required double AvgLogprob { get; init; }

    [JsonPropertyOrder(7)]
    public required double CompressionRatio { get; init; }

    [JsonPropertyOrder(8)]
    public IReadOnlyList<Word>? Words { get; init; }

    [JsonPropertyOrder(9)]
    public double? Temperature { get; init; }

    [JsonPropertyOrder(10)]
    public required bool Completed { get; init; }

    /// <summary><c>exp(avg_logprob)</c>; computed, ignored when parsing.</summary>
    [JsonPropertyOrder(11)]
    public double AvgProbability => Math.Exp(AvgLogprob);

    /// <summary><c>end − start</c>; computed, ignored when parsing.</summary>
    [JsonPropertyOrder(12)]
    public double Duration => End - Start;
}
