namespace Eavesdrop.Engine.Whisper.Models;

/// <summary>Which weights of a Hugging Face ONNX export to use; each maps to a file-name suffix.</summary>
internal enum ModelVariant
{
    /// <summary>Full precision: <c>encoder_model.onnx</c>.</summary>
    Fp32,

    /// <summary>transformers.js' 8-bit dynamic quantisation: <c>encoder_model_quantized.onnx</c>.</summary>
    Quantized,

    /// <summary>Signed 8-bit weights (newer onnx-community exports): <c>encoder_model_int8.onnx</c>.</summary>
    Int8,
}
