using Eavesdrop.Engine;
using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.Cli.Transcribe;

/// <summary>Everything <c>eavesdrop transcribe</c> was asked to do.</summary>
internal sealed record TranscribeSettings
{
    public required IReadOnlyList<string> Files { get; init; }

    public required EngineSelection Engine { get; init; }

    public TranscriptFormat Format { get; init; } = TranscriptFormat.Txt;

    /// <summary>Null: print to stdout.</summary>
    public string? OutputDirectory { get; init; }

    public DecodingOptions Decoding { get; init; } = DecodingOptions.Default;

    public bool ShowProgress { get; init; } = true;
}
