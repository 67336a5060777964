namespace Eavesdrop.Engine.Abstractions;

/// <summary>One recognised segment, timed relative to the start of the request's audio.</summary>
public sealed record EngineSegment
{
    public required double Start { get; init; }

    public required double End { get; init; }

    public required string Text { get; init; }

    public IReadOnlyList<int> Tokens { get; init; } = [];

    public double AvgLogProb { get; init; }

    public double CompressionRatio { get; init; }

    public double NoSpeechProb { get; init; }

    public double? Temperature { get; init; }

    /// <summary>Frame offset (10 ms units) of the window the segment was decoded from.</summary>
    public int Seek { get; init; }

    public IReadOnlyList<WordTiming>? Words { get; init; }
}

public sealed record WordTiming(double Start, double End, string Word, double Probability);
