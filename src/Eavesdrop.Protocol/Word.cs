using System.Text.Json.Serialization;

namespace Eavesdrop.Protocol;

/// <summary>One word of a <see cref="Segment"/> (only with <c>word_timestamps</c>).</summary>
public sealed record Word
{
    [JsonPropertyOrder(0)]
    public required double Start { get; init; }

    [JsonPropertyOrder(1)]
    public required double End { get; init; }

    [JsonPropertyOrder(2)]
    [JsonPropertyName("word")]
    public required string Text { get; init; }

    [JsonPropertyOrder(3)]
    public required double Probability { get; init; }
}
