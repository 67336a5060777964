using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.Cli.Transcribe;

/// <summary>The transcription of one file: segments timed from the start of the file.</summary>
internal sealed record FileTranscript
{
    public required string Source { get; init; }

    /// <summary>Engine name (<c>whisper-onnx</c>, <c>pocketsphinx</c>).</summary>
    public required string Engine { get; init; }

    public required string Model { get; init; }

    public string? Language { get; init; }

    /// <summary>Length of the decoded audio in seconds.</summary>
    public required double Duration { get; init; }

    public required IReadOnlyList<EngineSegment> Segments { get; init; }

    /// <summary>Segment texts joined, trimmed.</summary>
    public string Text => string.Join(' ', Segments.Select(s => s.Text.Trim()).Where(t => t.Length > 0));
}
