using Eavesdrop.Engine.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace Eavesdrop.Engine.Vad;

/// <summary>
/// Silero VAD v5 on ONNX Runtime. One <see cref="InferenceSession"/> (thread-safe) is shared by
/// every stream; the recurrent state and the audio context live in each <see cref="SileroVoiceActivityStream"/>.
/// </summary>
/// <remarks>
/// The v5 graph takes <c>input</c> float [1, 64 + 512] (the previous frame's last 64 samples, then
/// the new 512-sample frame at 16 kHz), <c>state</c> float [2, 1, 128] and <c>sr</c> int64 scalar,
/// and returns <c>output</c> float [1, 1] (speech probability) and <c>stateN</c> [2, 1, 128].
/// This is how silero-vad's own <c>OnnxWrapper</c> and vad-web's <c>Silero</c> class call it.
/// </remarks>
internal sealed class SileroVoiceActivityDetector : IVoiceActivityDetector
{
    public const int SampleRate = 16000;
    public const int FrameSamples = 512;
    public const int ContextSamples = 64;
    public const int StateLength = 2 * 1 * 128;

    internal const string InputName = "input";
    internal const string StateName = "state";
    internal const string SampleRateName = "sr";
    internal const string OutputName = "output";
    internal const string StateOutputName = "stateN";

    private readonly InferenceSession _session;
    private int _disposed;

    private SileroVoiceActivityDetector(InferenceSession session, string modelPath)
    {
        _session = session;
        ModelPath = modelPath;
    }

    public int FrameSize => FrameSamples;

    public string ModelPath { get; }

    internal InferenceSession Session
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return _session;
        }
    }

    /// <summary>Loads the model; a missing, truncated or foreign file is an <see cref="EngineException"/> naming the path.</summary>
    public static SileroVoiceActivityDetector Load(SileroVadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.GetFullPath(options.ResolvedModelPath);
        if (!File.Exists(path))
        {
            throw new EngineException(
                $"Silero VAD model not found at '{path}'. Run scripts/fetch-vad-model.sh (or scripts/setup.sh) to fetch it, or set the VAD model path.");
        }

        InferenceSession session;
        try
        {
            using var sessionOptions = new SessionOptions
            {
                IntraOpNumThreads = options.IntraOpThreads,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            session = new InferenceSession(path, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new EngineException($"Silero VAD model at '{path}' could not be loaded (truncated or not an ONNX file?): {ex.Message}", ex);
        }

        try
        {
            ValidateSignature(session, path);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        return new SileroVoiceActivityDetector(session, path);
    }

    public IVoiceActivityStream OpenStream() => new SileroVoiceActivityStream(this);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
        }
    }

    private static void ValidateSignature(InferenceSession session, string path)
    {
        string[] inputs = [InputName, StateName, SampleRateName];
        string[] outputs = [OutputName, StateOutputName];
        var missing = inputs.Where(name => !session.InputMetadata.ContainsKey(name))
            .Concat(outputs.Where(name => !session.OutputMetadata.ContainsKey(name)))
            .ToList();
        if (missing.Count > 0)
        {
            throw new EngineException(
                $"'{path}' is not a Silero VAD v5 model: it lacks {string.Join(", ", missing)} (expects inputs input/state/sr, outputs output/stateN).");
        }

        var state = session.InputMetadata[StateName].Dimensions;
        if (state.Length != 3 || state[0] != 2 || state[2] != 128)
        {
            throw new EngineException($"'{path}' is not a Silero VAD v5 model: state is [{string.Join(", ", state)}], expected [2, batch, 128].");
        }
    }
}
