namespace Eavesdrop.Engine.Whisper.Models;

/// <summary>A downloadable Whisper model: the name users type and the Hugging Face repository that holds its ONNX export.</summary>
/// <param name="Name">Canonical name, also the cache folder name (<c>tiny.en</c>, <c>large-v3-turbo</c>).</param>
/// <param name="Repository">Hugging Face repository id in the transformers.js layout (<c>onnx-community/whisper-tiny.en</c>).</param>
/// <param name="EnglishOnly">True for the <c>.en</c> and distil English models.</param>
/// <param name="MelBins">80, or 128 for large-v3 and its derivatives.</param>
internal sealed record WhisperModelInfo(string Name, string Repository, bool EnglishOnly, int MelBins)
{
    /// <summary>Other spellings that resolve to this model (<c>turbo</c>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}
