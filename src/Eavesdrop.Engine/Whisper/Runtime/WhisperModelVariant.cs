namespace Eavesdrop.Engine.Whisper.Runtime;

/// <summary>Which weight files of an export to load.</summary>
internal enum WhisperModelVariant
{
    /// <summary>fp32 when present, otherwise the quantized files.</summary>
    Auto,

    Fp32,

    /// <summary>The dynamically quantized files (<c>_quantized</c>, <c>_int8</c> or <c>_uint8</c>).</summary>
    Int8,
}
