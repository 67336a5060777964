using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.Engine.Whisper.Runtime;

/// <summary>
/// The ONNX files of one variant of a Hugging Face Whisper export: the encoder and either a
/// decoder + decoder-with-past pair or one merged decoder.
/// </summary>
internal sealed record WhisperModelFiles
{
    private static readonly string[] QuantizedSuffixes = ["_quantized", "_int8", "_uint8"];

    public required string Encoder { get; init; }

    public string? Decoder { get; init; }

    public string? DecoderWithPast { get; init; }

    public string? DecoderMerged { get; init; }

    public required bool Quantized { get; init; }

    /// <summary>Finds the files of <paramref name="variant"/> under <c>DIR/onnx/</c> (or DIR itself).</summary>
    public static WhisperModelFiles Discover(string modelDirectory, WhisperModelVariant variant)
    {
        if (!Directory.Exists(modelDirectory))
        {
            throw new EngineException($"Whisper model directory not found: {modelDirectory}.");
        }

        var onnxDirectory = Path.Combine(modelDirectory, "onnx");
        if (!Directory.Exists(onnxDirectory))
        {
            onnxDirectory = modelDirectory;
        }

        string[][] suffixSets = variant switch
        {
            WhisperModelVariant.Fp32 => [[""]],
            WhisperModelVariant.Int8 => [QuantizedSuffixes],
            _ => [[""], QuantizedSuffixes],
        };
        foreach (var suffixes in suffixSets)
        {
            foreach (var suffix in suffixes)
            {
                if (TryVariant(onnxDirectory, suffix) is { } files)
                {
                    return files;
                }
            }
        }

        var wanted = variant == WhisperModelVariant.Int8 ? "encoder_model_quantized.onnx (or _int8/_uint8)" : "encoder_model.onnx";
        throw new EngineException(
            $"No complete {variant} Whisper ONNX export in {onnxDirectory}: expected {wanted} with decoder_model + decoder_with_past_model " +
            "or decoder_model_merged of the same variant (the onnx-community/whisper-* layout).");
    }

    private static WhisperModelFiles? TryVariant(string dir, string suffix)
    {
        string PathOf(string stem) => Path.Combine(dir, stem + suffix + ".onnx");
        var encoder = PathOf("encoder_model");
        if (!File.Exists(encoder))
        {
            return null;
        }

        var decoder = PathOf("decoder_model");
        var withPast = PathOf("decoder_with_past_model");
        var merged = PathOf("decoder_model_merged");
        bool split = File.Exists(decoder) && File.Exists(withPast);
        if (!split && !File.Exists(merged))
        {
            return null;
        }

        return new WhisperModelFiles
        {
            Encoder = encoder,
            Decoder = split ? decoder : null,
            DecoderWithPast = split ? withPast : null,
            DecoderMerged = split ? null : merged,
            Quantized = suffix.Length > 0,
        };
    }
}
