using System.Text.Json;
using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.Engine.Whisper.Runtime;

/// <summary>The parts of <c>config.json</c> and <c>generation_config.json</c> the engine needs.</summary>
internal sealed record WhisperModelConfig
{
    public required int DModel { get; init; }

    public required int EncoderLayers { get; init; }

    public required int DecoderLayers { get; init; }

    public required int DecoderAttentionHeads { get; init; }

    public required int NumMelBins { get; init; }

    public required int VocabSize { get; init; }

    public int MaxSourcePositions { get; init; } = 1500;

    public int MaxTargetPositions { get; init; } = 448;

    public required bool IsMultilingual { get; init; }

    /// <summary>Number of language tokens (99, or 100 from large-v3 on); 0 for English-only models.</summary>
    public required int NumLanguages { get; init; }

    public IReadOnlyList<int> SuppressTokens { get; init; } = [];

    public IReadOnlyList<int> BeginSuppressTokens { get; init; } = [];

    /// <summary>Whisper's max_initial_timestamp (1.0 s) in timestamp steps.</summary>
    public int MaxInitialTimestampIndex { get; init; } = 50;

    public int HeadDim => DModel / DecoderAttentionHeads;

    public static WhisperModelConfig Load(string modelDirectory)
    {
        var configPath = Path.Combine(modelDirectory, "config.json");
        var generationPath = Path.Combine(modelDirectory, "generation_config.json");
        using var config = ParseJson(configPath, required: true)!;
        using var generation = ParseJson(generationPath, required: false);
        var root = config.RootElement;
        try
        {
            var vocab = root.GetProperty("vocab_size").GetInt32();
            var gen = generation?.RootElement;
            bool multilingual = gen is { } g && g.TryGetProperty("is_multilingual", out var m) && m.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? m.GetBoolean()
                : vocab >= 51865;
            int languages = 0;
            if (multilingual)
            {
                languages = gen is { } g2 && g2.TryGetProperty("lang_to_id", out var l) && l.ValueKind == JsonValueKind.Object
                    ? l.EnumerateObject().Count()
                    : vocab - 51766;
            }

            return new WhisperModelConfig
            {
                DModel = root.GetProperty("d_model").GetInt32(),
                EncoderLayers = root.GetProperty("encoder_layers").GetInt32(),
                DecoderLayers = root.GetProperty("decoder_layers").GetInt32(),
                DecoderAttentionHeads = root.GetProperty("decoder_attention_heads").GetInt32(),
                NumMelBins = root.TryGetProperty("num_mel_bins", out var mels) ? mels.GetInt32() : 80,
                VocabSize = vocab,
                MaxSourcePositions = root.TryGetProperty("max_source_positions", out var src) ? src.GetInt32() : 1500,
                MaxTargetPositions = root.TryGetProperty("max_target_positions", out var tgt) ? tgt.GetInt32() : 448,
                IsMultilingual = multilingual,
                NumLanguages = languages,
                SuppressTokens = IntArray(gen, "suppress_tokens") ?? IntArray(root, "suppress_tokens") ?? [],
                BeginSuppressTokens = IntArray(gen, "begin_suppress_tokens") ?? IntArray(root, "begin_suppress_tokens") ?? [],
                MaxInitialTimestampIndex = gen is { } g3 && g3.TryGetProperty("max_initial_timestamp_index", out var mi) && mi.ValueKind == JsonValueKind.Number
                    ? mi.GetInt32()
                    : 50,
            };
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new EngineException($"{configPath} is not a Whisper config.json ({ex.Message}).", ex);
        }
    }

    private static JsonDocument? ParseJson(string path, bool required)
    {
        if (!File.Exists(path))
        {
            return required ? throw new EngineException($"Whisper model file missing: {path}.") : null;
        }

        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new EngineException($"Whisper model file {path} is not valid JSON: {ex.Message}", ex);
        }
    }

    private static int[]? IntArray(JsonElement? element, string name)
    {
        if (element is not { } e || !e.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return [.. array.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => x.GetInt32())];
    }
}
