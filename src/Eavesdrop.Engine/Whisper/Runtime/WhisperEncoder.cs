using Eavesdrop.Engine.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace Eavesdrop.Engine.Whisper.Runtime;

/// <summary>Runs <c>encoder_model*.onnx</c>: log-mel windows [B, mels, 3000] → hidden states [B, 1500, d_model].</summary>
internal sealed class WhisperEncoder : IDisposable
{
    public const string InputName = "input_features";
    public const string OutputName = "last_hidden_state";

    private readonly InferenceSession _session;
    private readonly int _melBins;
    private readonly int _dModel;

    public WhisperEncoder(string path, SessionOptions options, WhisperModelConfig config)
    {
        _session = OnnxSessionFactory.Open(path, options, [InputName], [OutputName]);
        _melBins = config.NumMelBins;
        _dModel = config.DModel;
    }

    /// <summary>Encodes <paramref name="batch"/> windows of <paramref name="frames"/> frames each.</summary>
    /// <returns>Row-major [batch, frames / 2, d_model].</returns>
    public float[] Encode(float[] mel, int batch, int frames)
    {
        if (mel.Length < batch * _melBins * frames)
        {
            throw new ArgumentException("Mel buffer is smaller than batch × mels × frames.", nameof(mel));
        }

        int outFrames = (frames + 1) / 2;
        var hidden = new float[batch * outFrames * _dModel];
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mel.AsMemory(0, batch * _melBins * frames), [batch, _melBins, frames]);
        using var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, hidden.AsMemory(), [batch, outFrames, _dModel]);
        using var runOptions = new RunOptions();
        try
        {
            _session.Run(runOptions, [InputName], [input], [OutputName], [output]);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new EngineException($"Whisper encoder failed on input [{batch}, {_melBins}, {frames}]: {ex.Message}", ex);
        }

        return hidden;
    }

    public void Dispose() => _session.Dispose();
}
