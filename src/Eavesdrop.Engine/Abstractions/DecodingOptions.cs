namespace Eavesdrop.Engine.Abstractions;

/// <summary>Per-request decoding options (the session's <c>setup.options</c> over the server's defaults).</summary>
public sealed record DecodingOptions
{
    public static DecodingOptions Default { get; } = new();

    /// <summary>ISO 639-1 code, or null to detect the language.</summary>
    public string? Language { get; init; }

    public TranscriptionTask Task { get; init; } = TranscriptionTask.Transcribe;

    public string? InitialPrompt { get; init; }

    public IReadOnlyList<string> Hotwords { get; init; } = [];

    /// <summary>1 = greedy.</summary>
    public int BeamSize { get; init; } = 1;

    public bool WordTimestamps { get; init; }

    public bool WithoutTimestamps { get; init; }

    /// <summary>Temperatures tried in order while the result fails the guards below.</summary>
    public IReadOnlyList<float> Temperatures { get; init; } = [0.0f, 0.2f, 0.4f, 0.6f, 0.8f, 1.0f];

    public float CompressionRatioThreshold { get; init; } = 2.4f;

    public float LogProbThreshold { get; init; } = -1.0f;

    public float NoSpeechThreshold { get; init; } = 0.6f;

    /// <summary>Maximum new tokens per window (Whisper: 224).</summary>
    public int MaxNewTokens { get; init; } = 224;

    /// <summary>Text of the previous window(s) used as prompt (condition_on_previous_text).</summary>
    public string? PreviousText { get; init; }
}

public enum TranscriptionTask
{
    Transcribe,
    Translate,
}
