namespace Eavesdrop.Engine.Whisper.Models;

/// <summary>One file of a model as the server describes it, before or after download.</summary>
/// <param name="Path">Repository-relative path with forward slashes (<c>onnx/encoder_model.onnx</c>).</param>
/// <param name="Size">Length in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 when the server publishes it (Git LFS files on Hugging Face), else null.</param>
internal sealed record ModelFile(string Path, long Size, string? Sha256);
