using Eavesdrop.Engine.Whisper.Models;

namespace Eavesdrop.Engine;

/// <summary>Which speech engine to load and with which model; built from the CLI or the server's <c>engine:</c> section.</summary>
internal sealed record EngineSelection
{
    public const string Whisper = "whisper";
    public const string Sphinx = "sphinx";

    /// <summary>Whisper model used when none is named.</summary>
    public const string DefaultWhisperModel = "base";

    /// <summary><c>whisper</c> or <c>sphinx</c> (also <c>whisper-onnx</c>, <c>pocketsphinx</c>).</summary>
    public string Engine { get; init; } = Whisper;

    /// <summary>Whisper: a model directory or a name (<c>tiny.en</c>, <c>large-v3-turbo</c>, <c>owner/repo</c>). Sphinx: a model folder, or null for Debian's.</summary>
    public string? Model { get; init; }

    /// <summary>
    /// Whisper weights to download and load. Null: a named model is downloaded in fp32 and a model
    /// directory loads fp32 when present, else its quantized files.
    /// </summary>
    public ModelVariant? Variant { get; init; }

    /// <summary>Cache folder and download endpoint for named Whisper models (its <c>Variant</c> is overridden by <see cref="Variant"/>).</summary>
    public ModelStoreOptions ModelStore { get; init; } = new();

    /// <summary>ONNX Runtime intra-op threads; null = the runtime's default (one per core).</summary>
    public int? IntraOpThreads { get; init; }

    /// <summary>Largest batch of windows one engine call takes.</summary>
    public int MaxBatchSize { get; init; } = 4;

    /// <summary>The engine name normalised to <see cref="Whisper"/> or <see cref="Sphinx"/>, or null if unknown.</summary>
    public string? NormalizedEngine => Engine.Trim().ToLowerInvariant() switch
    {
        "whisper" or "whisper-onnx" => Whisper,
        "sphinx" or "pocketsphinx" => Sphinx,
        _ => null,
    };
}
