using Eavesdrop.Engine.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace Eavesdrop.Engine.Vad;

/// <summary>
/// One caller's Silero state: the recurrent state tensor and the last 64 samples of the previous
/// frame. Buffers are bound to <see cref="OrtValue"/>s once, so a frame allocates nothing managed.
/// </summary>
internal sealed class SileroVoiceActivityStream : IVoiceActivityStream
{
    private const int InputLength = SileroVoiceActivityDetector.ContextSamples + SileroVoiceActivityDetector.FrameSamples;

    private static readonly string[] s_inputNames =
        [SileroVoiceActivityDetector.InputName, SileroVoiceActivityDetector.StateName, SileroVoiceActivityDetector.SampleRateName];

    private static readonly string[] s_outputNames =
        [SileroVoiceActivityDetector.OutputName, SileroVoiceActivityDetector.StateOutputName];

    private readonly SileroVoiceActivityDetector _detector;
    private readonly float[] _input = new float[InputLength];
    private readonly float[] _state = new float[SileroVoiceActivityDetector.StateLength];
    private readonly float[] _stateOut = new float[SileroVoiceActivityDetector.StateLength];
    private readonly float[] _output = new float[1];
    private readonly long[] _sampleRate = [SileroVoiceActivityDetector.SampleRate];
    private readonly OrtValue[] _inputValues;
    private readonly OrtValue[] _outputValues;
    private readonly RunOptions _runOptions = new();
    private bool _disposed;

    public SileroVoiceActivityStream(SileroVoiceActivityDetector detector)
    {
        _detector = detector;
        _inputValues =
        [
            OrtValue.CreateTensorValueFromMemory(_input, [1, InputLength]),
            OrtValue.CreateTensorValueFromMemory(_state, [2, 1, 128]),
            OrtValue.CreateTensorValueFromMemory(_sampleRate, []),
        ];
        _outputValues =
        [
            OrtValue.CreateTensorValueFromMemory(_output, [1, 1]),
            OrtValue.CreateTensorValueFromMemory(_stateOut, [2, 1, 128]),
        ];
    }

    public float SpeechProbability(ReadOnlySpan<float> frame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (frame.Length != SileroVoiceActivityDetector.FrameSamples)
        {
            throw new ArgumentException(
                $"A Silero frame is {SileroVoiceActivityDetector.FrameSamples} samples at 16 kHz; got {frame.Length}.", nameof(frame));
        }

        // _input already starts with the previous frame's tail (zeros after Reset).
        frame.CopyTo(_input.AsSpan(SileroVoiceActivityDetector.ContextSamples));
        _detector.Session.Run(_runOptions, s_inputNames, _inputValues, s_outputNames, _outputValues);
        _stateOut.AsSpan().CopyTo(_state);
        _input.AsSpan(InputLength - SileroVoiceActivityDetector.ContextSamples).CopyTo(_input);
        return _output[0];
    }

    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Array.Clear(_state);
        Array.Clear(_input);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var value in _inputValues)
        {
            value.Dispose();
        }

        foreach (var value in _outputValues)
        {
            value.Dispose();
        }

        _runOptions.Dispose();
    }
}
