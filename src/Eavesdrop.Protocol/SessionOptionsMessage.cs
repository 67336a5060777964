namespace Eavesdrop.Protocol;

/// <summary>
/// The <c>options</c> of a <see cref="SetupMessage"/>. Every field is optional; the ones present
/// overlay the server's transcription configuration for this session.
/// </summary>
public sealed record SessionOptionsMessage
{
    /// <summary><c>live</c> (float32 samples, the default) or <c>file</c> (raw file bytes).</summary>
    public SourceMode? SourceMode { get; init; }

    /// <summary>How many completed segments each <c>transcription</c> repeats (&gt; 0; server default 10).</summary>
    public int? SendLastNSegments { get; init; }

    public string? InitialPrompt { get; init; }

    public IReadOnlyList<string>? Hotwords { get; init; }

    /// <summary>Per-word timings; the server rejects it together with <c>translate</c>.</summary>
    public bool? WordTimestamps { get; init; }

    /// <summary>Beam width (&gt; 0).</summary>
    public int? BeamSize { get; init; }

    /// <summary>A model the server has loaded; any other name is rejected.</summary>
    public string? Model { get; init; }

    public TranscriptionTask? Task { get; init; }

    /// <summary>A language code; absent means auto-detect.</summary>
    public string? Language { get; init; }
}
