using Eavesdrop.Engine.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace Eavesdrop.Engine.Whisper.Runtime;

/// <summary>Creates ONNX Runtime sessions with the options tuned for Whisper on CPU.</summary>
internal static class OnnxSessionFactory
{
    public static SessionOptions CreateOptions(int intraOpThreads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // Whisper's graphs are one chain: inter-op parallelism only adds thread contention.
            InterOpNumThreads = 1,
            IntraOpNumThreads = intraOpThreads > 0 ? intraOpThreads : Environment.ProcessorCount,
            EnableCpuMemArena = true,
            // Shapes change every decoder step (the cache grows), so memory patterns would be re-planned each run.
            EnableMemoryPattern = false,
        };
        return options;
    }

    /// <summary>Opens <paramref name="path"/>, turning every failure into an <see cref="EngineException"/> that names the file.</summary>
    public static InferenceSession Open(string path, SessionOptions options, IReadOnlyCollection<string> requiredInputs, IReadOnlyCollection<string> requiredOutputs)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new EngineException($"Whisper model file missing: {path}.");
        }

        if (info.Length == 0)
        {
            throw new EngineException($"Whisper model file is empty: {path}.");
        }

        InferenceSession session;
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new EngineException($"Whisper model file {path} is truncated or corrupt ({info.Length} bytes): {ex.Message}", ex);
        }

        var missingInputs = requiredInputs.Where(n => !session.InputMetadata.ContainsKey(n)).ToList();
        var missingOutputs = requiredOutputs.Where(n => !session.OutputMetadata.ContainsKey(n)).ToList();
        if (missingInputs.Count > 0 || missingOutputs.Count > 0)
        {
            session.Dispose();
            throw new EngineException(
                $"Whisper model file {path} does not have the tensors of a Hugging Face Whisper export " +
                $"(missing inputs: [{string.Join(", ", missingInputs)}], outputs: [{string.Join(", ", missingOutputs)}]).");
        }

        return session;
    }
}
