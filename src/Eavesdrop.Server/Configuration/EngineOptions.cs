namespace Eavesdrop.Server.Configuration;

/// <summary>YAML section <c>engine:</c> — which speech engine the process loads once at start-up.</summary>
public sealed record EngineOptions
{
    /// <summary><c>whisper</c> or <c>sphinx</c>.</summary>
    public string Name { get; init; } = "whisper";

    /// <summary>Whisper: a model directory or a model name (<c>tiny.en</c>, <c>base</c>, …). Sphinx: optional acoustic model directory.</summary>
    public string? Model { get; init; }

    /// <summary>Where named models are downloaded; default <c>~/.cache/eavesdrop/models</c>.</summary>
    public string? ModelCacheDirectory { get; init; }

    /// <summary>
    /// Inferences that may run at once; null = what the engine prefers (Whisper 1, so ONNX Runtime's
    /// intra-op threads own the cores; PocketSphinx one per core).
    /// </summary>
    public int? MaxConcurrentInferences { get; init; }

    /// <summary>Most windows (from different sessions) batched into one engine call.</summary>
    public int MaxBatchSize { get; init; } = 4;

    /// <summary>ONNX Runtime intra-op threads; null = number of cores.</summary>
    public int? IntraOpThreads { get; init; }
}
