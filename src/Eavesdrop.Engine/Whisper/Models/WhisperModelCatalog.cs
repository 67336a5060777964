namespace Eavesdrop.Engine.Whisper.Models;

/// <summary>
/// The model names <c>--model</c> accepts, each mapped to a Hugging Face repository in the
/// transformers.js layout (<c>onnx/encoder_model*.onnx</c>, <c>onnx/decoder_model_merged*.onnx</c>, json configs).
/// </summary>
/// <remarks>
/// onnx-community hosts the current exports of tiny/base/small and large-v3-turbo; medium and large-v3
/// are Xenova's exports of the same layout; the distil models are published by distil-whisper itself.
/// Any other repository can be given as <c>owner/name</c>.
/// </remarks>
internal static class WhisperModelCatalog
{
    public static IReadOnlyList<WhisperModelInfo> Models { get; } =
    [
        new("tiny", "onnx-community/whisper-tiny", EnglishOnly: false, MelBins: 80),
        new("tiny.en", "onnx-community/whisper-tiny.en", EnglishOnly: true, MelBins: 80),
        new("base", "onnx-community/whisper-base", EnglishOnly: false, MelBins: 80),
        new("base.en", "onnx-community/whisper-base.en", EnglishOnly: true, MelBins: 80),
        new("small", "onnx-community/whisper-small", EnglishOnly: false, MelBins: 80),
        new("small.en", "onnx-community/whisper-small.en", EnglishOnly: true, MelBins: 80),
        new("medium", "Xenova/whisper-medium", EnglishOnly: false, MelBins: 80),
        new("medium.en", "Xenova/whisper-medium.en", EnglishOnly: true, MelBins: 80),
        new("large-v3", "Xenova/whisper-large-v3", EnglishOnly: false, MelBins: 128) { Aliases = ["large"] },
        new("large-v3-turbo", "onnx-community/whisper-large-v3-turbo", EnglishOnly: false, MelBins: 128) { Aliases = ["turbo", "large-turbo"] },
        new("distil-small.en", "distil-whisper/distil-small.en", EnglishOnly: true, MelBins: 80),
        new("distil-medium.en", "distil-whisper/distil-medium.en", EnglishOnly: true, MelBins: 80),
        new("distil-large-v3", "distil-whisper/distil-large-v3", EnglishOnly: true, MelBins: 128),
    ];

    /// <summary>Every accepted spelling, canonical names first.</summary>
    public static IEnumerable<string> Names => Models.Select(m => m.Name).Concat(Models.SelectMany(m => m.Aliases));

    /// <summary>A catalogue name or alias (case-insensitive), or a Hugging Face repository id <c>owner/name</c>.</summary>
    public static bool TryResolve(string nameOrRepository, out WhisperModelInfo model)
    {
        var text = nameOrRepository.Trim();
        foreach (var candidate in Models)
        {
            if (string.Equals(candidate.Name, text, StringComparison.OrdinalIgnoreCase)
                || candidate.Aliases.Any(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase))
                || string.Equals(candidate.Repository, text, StringComparison.OrdinalIgnoreCase))
            {
                model = candidate;
                return true;
            }
        }

        if (IsRepositoryId(text))
        {
            var repoName = text[(text.IndexOf('/', StringComparison.Ordinal) + 1)..];
            model = new WhisperModelInfo(
                text.Replace('/', '_'),
                text,
                EnglishOnly: repoName.EndsWith(".en", StringComparison.OrdinalIgnoreCase),
                MelBins: repoName.Contains("large-v3", StringComparison.OrdinalIgnoreCase) ? 128 : 80);
            return true;
        }

        model = null!;
        return false;
    }

    private static bool IsRepositoryId(string text)
    {
        var parts = text.Split('/');
        return parts.Length == 2
            && parts.All(p => p.Length > 0 && p != "." && p != ".." && p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'));
    }
}
