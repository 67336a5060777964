namespace Eavesdrop.Engine.Abstractions;

/// <summary>The engine's output for one <see cref="TranscriptionRequest"/>.</summary>
public sealed record TranscriptionResult
{
    public static TranscriptionResult Empty { get; } = new() { Segments = [] };

    /// <summary>Segments in time order; times are seconds from the start of the request's audio.</summary>
    public required IReadOnlyList<EngineSegment> Segments { get; init; }

    /// <summary>Detected (or forced) language, ISO 639-1; null if the engine does not know.</summary>
    public string? Language { get; init; }

    /// <summary>Probability of <see cref="Language"/> when it was detected; null when forced or unknown.</summary>
    public float? LanguageProbability { get; init; }
}
