using Eavesdrop.Engine.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Eavesdrop.Engine.Whisper.Runtime;

/// <summary>
/// Runs the decoder of a Hugging Face Whisper export, either as the pair
/// <c>decoder_model</c> (first pass) + <c>decoder_with_past_model</c> (cached steps) or as
/// <c>decoder_model_merged</c> (<c>use_cache_branch</c> selects the branch).
/// Thread-safe: all state lives in the caller's <see cref="KvCache"/>.
/// </summary>
internal sealed class WhisperDecoder : IDisposable
{
    private const string InputIds = "input_ids";
    private const string EncoderHiddenStates = "encoder_hidden_states";
    private const string UseCacheBranch = "use_cache_branch";
    private const string Logits = "logits";

    private readonly InferenceSession? _first;
    private readonly InferenceSession? _withPast;
    private readonly InferenceSession? _merged;
    private readonly int _layers;
    private readonly int _heads;
    private readonly int _headDim;
    private readonly int _dModel;
    private readonly bool _withPastTakesEncoderStates;

    public WhisperDecoder(WhisperModelFiles files, SessionOptions options, WhisperModelConfig config)
    {
        _layers = config.DecoderLayers;
        _heads = config.DecoderAttentionHeads;
        _headDim = config.HeadDim;
        _dModel = config.DModel;
        VocabSize = config.VocabSize;

        string[] presentAll = [.. Enumerable.Range(0, _layers).SelectMany(i => PresentNames(i, encoder: true))];
        string[] presentSelf = [.. Enumerable.Range(0, _layers).SelectMany(i => PresentNames(i, encoder: false))];
        string[] pastAll = [.. Enumerable.Range(0, _layers).SelectMany(PastNames)];
        if (files.DecoderMerged is { } merged)
        {
            _merged = OnnxSessionFactory.Open(merged, options, [InputIds, EncoderHiddenStates, UseCacheBranch, .. pastAll], [Logits, .. presentAll]);
        }
        else
        {
            _first = OnnxSessionFactory.Open(files.Decoder!, options, [InputIds, EncoderHiddenStates], [Logits, .. presentAll]);
            try
            {
                _withPast = OnnxSessionFactory.Open(files.DecoderWithPast!, options, [InputIds, .. pastAll], [Logits, .. presentSelf]);
            }
            catch
            {
                _first.Dispose();
                throw;
            }

            _withPastTakesEncoderStates = _withPast.InputMetadata.ContainsKey(EncoderHiddenStates);
        }
    }

    public int VocabSize { get; }

    public bool IsMerged => _merged is not null;

    /// <summary>
    /// First pass over the prompt <paramref name="ids"/> [batch, length]: returns logits
    /// [batch, length, vocab] and the cache holding the prompt and the encoder's keys/values.
    /// </summary>
    public float[] Prefill(long[] ids, int batch, int length, float[] encoderStates, int encoderLength, out KvCache cache)
    {
        var logits = new float[batch * length * VocabSize];
        var selfK = NewLayers(batch * _heads * length * _headDim);
        var selfV = NewLayers(batch * _heads * length * _headDim);
        var crossK = NewLayers(batch * _heads * encoderLength * _headDim);
        var crossV = NewLayers(batch * _heads * encoderLength * _headDim);

        using var disposables = new DisposableList();
        var names = new List<string> { InputIds, EncoderHiddenStates };
        var values = new List<OrtValue>
        {
            disposables.Add(OrtValue.CreateTensorValueFromMemory(ids, [batch, length])),
            disposables.Add(OrtValue.CreateTensorValueFromMemory(encoderStates, [batch, encoderLength, _dModel])),
        };
        if (_merged is not null)
        {
            names.Add(UseCacheBranch);
            values.Add(disposables.Add(OrtValue.CreateTensorValueFromMemory(new[] { false }, [1])));
            for (int i = 0; i < _layers; i++)
            {
                foreach (var name in PastNames(i))
                {
                    names.Add(name);
                    values.Add(disposables.Add(OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [batch, _heads, 0, _headDim])));
                }
            }
        }

        var outNames = new List<string> { Logits };
        var outValues = new List<OrtValue> { disposables.Add(OrtValue.CreateTensorValueFromMemory(logits, [batch, length, VocabSize])) };
        for (int i = 0; i < _layers; i++)
        {
            AddOutput(outNames, outValues, disposables, $"present.{i}.decoder.key", selfK[i], batch, length);
            AddOutput(outNames, outValues, disposables, $"present.{i}.decoder.value", selfV[i], batch, length);
            AddOutput(outNames, outValues, disposables, $"present.{i}.encoder.key", crossK[i], batch, encoderLength);
            AddOutput(outNames, outValues, disposables, $"present.{i}.encoder.value", crossV[i], batch, encoderLength);
        }

        Run(_merged ?? _first!, names, values, outNames, outValues);
        cache = new KvCache(batch, length, selfK, selfV, encoderLength, crossK, crossV);
        return logits;
    }

    /// <summary>Feeds <paramref name="length"/> new tokens per row through the cache; returns their logits [batch, length, vocab].</summary>
    public float[] Step(long[] ids, int length, KvCache cache)
    {
        int batch = cache.Batch;
        int total = cache.Length + length;
        var logits = new float[batch * length * VocabSize];
        var selfK = NewLayers(batch * _heads * total * _headDim);
        var selfV = NewLayers(batch * _heads * total * _headDim);

        using var disposables = new DisposableList();
        var names = new List<string> { InputIds };
        var values = new List<OrtValue> { disposables.Add(OrtValue.CreateTensorValueFromMemory(ids, [batch, length])) };
        if (_merged is not null || _withPastTakesEncoderStates)
        {
            // The cache branch reads the encoder's keys/values from the past inputs; this input is unused there.
            names.Add(EncoderHiddenStates);
            values.Add(disposables.Add(OrtValue.CreateTensorValueFromMemory(new float[batch * _dModel], [batch, 1, _dModel])));
        }

        if (_merged is not null)
        {
            names.Add(UseCacheBranch);
            values.Add(disposables.Add(OrtValue.CreateTensorValueFromMemory(new[] { true }, [1])));
        }

        for (int i = 0; i < _layers; i++)
        {
            AddInput(names, values, disposables, $"past_key_values.{i}.decoder.key", cache.SelfKey[i], batch, cache.Length);
            AddInput(names, values, disposables, $"past_key_values.{i}.decoder.value", cache.SelfValue[i], batch, cache.Length);
            AddInput(names, values, disposables, $"past_key_values.{i}.encoder.key", cache.CrossKey[i], batch, cache.CrossLength);
            AddInput(names, values, disposables, $"past_key_values.{i}.encoder.value", cache.CrossValue[i], batch, cache.CrossLength);
        }

        var outNames = new List<string> { Logits };
        var outValues = new List<OrtValue> { disposables.Add(OrtValue.CreateTensorValueFromMemory(logits, [batch, length, VocabSize])) };
        for (int i = 0; i < _layers; i++)
        {
            AddOutput(outNames, outValues, disposables, $"present.{i}.decoder.key", selfK[i], batch, total);
            AddOutput(outNames, outValues, disposables, $"present.{i}.decoder.value", selfV[i], batch, total);
        }

        Run(_merged ?? _withPast!, names, values, outNames, outValues);
        cache.Advance(total, selfK, selfV);
        return logits;
    }

    /// <summary>Decoder pass over whole sequences without any cache (the reference the cached path must match).</summary>
    public float[] Forward(long[] ids, int batch, int length, float[] encoderStates, int encoderLength)
        => Prefill(ids, batch, length, encoderStates, encoderLength, out _);

    public void Dispose()
    {
        _first?.Dispose();
        _withPast?.Dispose();
        _merged?.Dispose();
    }

    private static string[] PastNames(int layer) =>
    [
        $"past_key_values.{layer}.decoder.key", $"past_key_values.{layer}.decoder.value",
        $"past_key_values.{layer}.encoder.key", $"past_key_values.{layer}.encoder.value",
    ];

    private static IEnumerable<string> PresentNames(int layer, bool encoder)
    {
        yield return $"present.{layer}.decoder.key";
        yield return $"present.{layer}.decoder.value";
        if (encoder)
        {
            yield return $"present.{layer}.encoder.key";
            yield return $"present.{layer}.encoder.value";
        }
    }

    private float[][] NewLayers(int size)
    {
        var layers = new float[_layers][];
        for (int i = 0; i < _layers; i++)
        {
            layers[i] = new float[size];
        }

        return layers;
    }

    private void AddInput(List<string> names, List<OrtValue> values, DisposableList disposables, string name, float[] data, int batch, int length)
    {
        names.Add(name);
        values.Add(disposables.Add(length == 0 || batch == 0
            ? OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [batch, _heads, length, _headDim])
            : OrtValue.CreateTensorValueFromMemory(data, [batch, _heads, length, _headDim])));
    }

    private void AddOutput(List<string> names, List<OrtValue> values, DisposableList disposables, string name, float[] data, int batch, int length)
    {
        names.Add(name);
        values.Add(disposables.Add(OrtValue.CreateTensorValueFromMemory(data, [batch, _heads, length, _headDim])));
    }

    private static void Run(InferenceSession session, List<string> names, List<OrtValue> values, List<string> outNames, List<OrtValue> outValues)
    {
        using var runOptions = new RunOptions();
        try
        {
            session.Run(runOptions, names, values, outNames, outValues);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new EngineException($"Whisper decoder failed: {ex.Message}", ex);
        }
    }

    private sealed class DisposableList : IDisposable
    {
        private readonly List<IDisposable> _items = [];

        public OrtValue Add(OrtValue value)
        {
            _items.Add(value);
            return value;
        }

        public void Dispose()
        {
            foreach (var item in _items)
            {
                item.Dispose();
            }
        }
    }
}
