namespace Eavesdrop.Server.Configuration;

/// <summary>YAML section <c>vad:</c> — the Silero voice-activity gate.</summary>
public sealed record VadOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Path to <c>silero_vad_v5.onnx</c>; null = the copy shipped next to the executable.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Frame speech probability at or above which a frame counts as speech.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Audio kept before detected speech onset, so word starts are not clipped.</summary>
    public double SpeechPadSeconds { get; init; } = 0.3;
}
