namespace Eavesdrop.Engine.Vad;

/// <summary>Where the Silero VAD model lives and how ONNX Runtime runs it.</summary>
internal sealed record SileroVadOptions
{
    public const string DefaultModelFileName = "silero_vad_v5.onnx";

    /// <summary>
    /// The default model location: <c>models/silero_vad_v5.onnx</c> beside the application, where the
    /// Engine project copies the file <c>scripts/fetch-vad-model.sh</c> puts in <c>.cache/vad/</c>.
    /// </summary>
    public static string DefaultModelPath => Path.Combine(AppContext.BaseDirectory, "models", DefaultModelFileName);

    /// <summary>Path of <c>silero_vad_v5.onnx</c>; null means <see cref="DefaultModelPath"/>.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Threads one frame's inference may use; the model is tiny, so one is fastest under load.</summary>
    public int IntraOpThreads { get; init; } = 1;

    public string ResolvedModelPath => ModelPath ?? DefaultModelPath;
}
