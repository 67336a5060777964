namespace Eavesdrop.Server.Configuration;

/// <summary>
/// YAML section <c>transcription:</c> — per-session defaults; a client's <c>setup.options</c>
/// overlay them for its own session.
/// </summary>
public sealed record TranscriptionOptions
{
    /// <summary>ISO 639-1 code, or null to auto-detect.</summary>
    public string? Language { get; init; }

    /// <summary><c>transcribe</c> or <c>translate</c>.</summary>
    public string Task { get; init; } = "transcribe";

    public string? InitialPrompt { get; init; }

    public IReadOnlyList<string> Hotwords { get; init; } = [];

    public int BeamSize { get; init; } = 1;

    public bool WordTimestamps { get; init; }

    public int SendLastNSegments { get; init; } = 10;
}
