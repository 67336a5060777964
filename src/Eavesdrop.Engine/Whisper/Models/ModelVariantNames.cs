namespace Eavesdrop.Engine.Whisper.Models;

/// <summary>File suffixes and command-line spellings of <see cref="ModelVariant"/>.</summary>
internal static class ModelVariantNames
{
    public static string FileSuffix(this ModelVariant variant) => variant switch
    {
        ModelVariant.Fp32 => "",
        ModelVariant.Quantized => "_quantized",
        ModelVariant.Int8 => "_int8",
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
    };

    /// <summary>Lower-case name used on the command line and in the cache's completion marker.</summary>
    public static string ToName(this ModelVariant variant) => variant switch
    {
        ModelVariant.Fp32 => "fp32",
        ModelVariant.Quantized => "quantized",
        ModelVariant.Int8 => "int8",
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
    };

    public static bool TryParse(string? text, out ModelVariant variant)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "fp32" or "float32" or "full" or "":
                variant = ModelVariant.Fp32;
                return true;
            case "quantized" or "q8" or "uint8":
                variant = ModelVariant.Quantized;
                return true;
            case "int8":
                variant = ModelVariant.Int8;
                return true;
            default:
                variant = ModelVariant.Fp32;
                return false;
        }
    }
}
