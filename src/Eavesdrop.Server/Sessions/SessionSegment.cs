using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.Server.Sessions;

/// <summary>A segment on the recording's timeline, as a session publishes it.</summary>
internal sealed record SessionSegment
{
    public required ulong Id { get; init; }

    public required int Seek { get; init; }

    public required double Start { get; init; }

    public required double End { get; init; }

    public required string Text { get; init; }

    public IReadOnlyList<int> Tokens { get; init; } = [];

    public double AvgLogProb { get; init; }

    public double CompressionRatio { get; init; }

    public IReadOnlyList<WordTiming>? Words { get; init; }

    public double? Temperature { get; init; }

    public required bool Completed { get; init; }
}
