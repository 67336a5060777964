using Eavesdrop.Engine.Whisper.Runtime;

namespace Eavesdrop.Engine.Whisper;

/// <summary>How <see cref="WhisperEngine.Load"/> loads and runs a model.</summary>
internal sealed record WhisperEngineOptions
{
    public static WhisperEngineOptions Default { get; } = new();

    public WhisperModelVariant Variant { get; init; } = WhisperModelVariant.Auto;

    /// <summary>ONNX Runtime intra-op threads per session; 0 = one per core.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Most windows put through the encoder or decoder in one call.</summary>
    public int MaxBatchSize { get; init; } = 8;

    /// <summary>Decode with the key/value cache (the normal, fast path). Off only to verify the cache.</summary>
    public bool UseKvCache { get; init; } = true;

    /// <summary>Samples drawn per window at temperature &gt; 0, the likeliest kept (whisper / faster-whisper: best_of = 5).</summary>
    public int BestOf { get; init; } = 5;

    /// <summary>
    /// Encode windows shorter than 30 s with fewer frames (rounded up to 1 s) when the export allows it.
    /// The Hugging Face exports do not (their encoder adds the full 1500-position table), and Whisper
    /// was trained on 30 s windows only, so this is for re-exported or fine-tuned models.
    /// </summary>
    public bool ShortWindows { get; init; }

    /// <summary>Seed of the sampling used by temperature fallback (results stay reproducible).</summary>
    public int SamplingSeed { get; init; } = 20240601;

    /// <summary>Name reported as <see cref="Abstractions.ISpeechEngine.ModelName"/>; defaults to the directory name.</summary>
    public string? ModelName { get; init; }
}
