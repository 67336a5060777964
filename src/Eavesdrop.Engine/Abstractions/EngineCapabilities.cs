namespace Eavesdrop.Engine.Abstractions;

/// <summary>What an engine can do; sessions validate client options against it.</summary>
public sealed record EngineCapabilities
{
    /// <summary>Languages the model can transcribe (ISO 639-1 codes); one entry for English-only models.</summary>
    public required IReadOnlyList<string> Languages { get; init; }

    public bool CanDetectLanguage { get; init; }

    public bool CanTranslate { get; init; }

    public bool SupportsWordTimestamps { get; init; }

    public bool SupportsInitialPrompt { get; init; }

    public bool SupportsHotwords { get; init; }

    public bool SupportsBeamSearch { get; init; }

    /// <summary>Largest batch <see cref="ISpeechEngine.Transcribe"/> handles in one call (1 = no batching).</summary>
    public int MaxBatchSize { get; init; } = 1;

    /// <summary>
    /// Engine calls worth running at once: 1 for engines that spread one call over every core
    /// (ONNX Runtime's intra-op threads), the core count for single-threaded ones (PocketSphinx).
    /// </summary>
    public int PreferredConcurrency { get; init; } = 1;

    /// <summary>Longest window, in seconds, the engine transcribes in one request (Whisper: 30).</summary>
    public double MaxWindowSeconds { get; init; } = 30;
}
