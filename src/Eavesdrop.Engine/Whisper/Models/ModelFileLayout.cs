namespace Eavesdrop.Engine.Whisper.Models;

/// <summary>
/// The files of a transformers.js Whisper export for one <see cref="ModelVariant"/>: what must exist,
/// what is fetched when present, and the decoder's two possible shapes.
/// </summary>
internal static class ModelFileLayout
{
    /// <summary>Configuration and tokenizer files fetched when the repository has them.</summary>
    public static IReadOnlyList<string> OptionalConfigFiles { get; } =
    [
        "generation_config.json",
        "preprocessor_config.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "vocab.json",
        "merges.txt",
        "added_tokens.json",
        "special_tokens_map.json",
        "normalizer.json",
    ];

    public const string ConfigFile = "config.json";

    public static string Encoder(ModelVariant variant) => $"onnx/encoder_model{variant.FileSuffix()}.onnx";

    /// <summary>The merged decoder (one graph with and without past key/values) that transformers.js prefers.</summary>
    public static string MergedDecoder(ModelVariant variant) => $"onnx/decoder_model_merged{variant.FileSuffix()}.onnx";

    /// <summary>The split decoder pair, used when a repository has no merged decoder for the variant.</summary>
    public static IReadOnlyList<string> SplitDecoder(ModelVariant variant) =>
    [
        $"onnx/decoder_model{variant.FileSuffix()}.onnx",
        $"onnx/decoder_with_past_model{variant.FileSuffix()}.onnx",
    ];

    /// <summary>ONNX's external-data file beside a graph (models over 2 GB keep their weights there).</summary>
    public static string ExternalData(string onnxPath) => onnxPath + "_data";

    /// <summary>Human-readable description of the expected directory, for error messages.</summary>
    public static string Describe(ModelVariant variant) =>
        $"""
          {ConfigFile}, generation_config.json, preprocessor_config.json, tokenizer.json (and whichever of
          tokenizer_config.json, vocab.json, merges.txt, added_tokens.json, special_tokens_map.json, normalizer.json exist)
          {Encoder(variant)}             (+ {ExternalData(Encoder(variant))} for models over 2 GB)
          {MergedDecoder(variant)}       (+ {ExternalData(MergedDecoder(variant))})
            or {string.Join(" + ", SplitDecoder(variant))}
        """;
}
