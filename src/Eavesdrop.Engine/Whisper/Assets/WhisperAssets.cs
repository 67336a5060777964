using System.Reflection;

namespace Eavesdrop.Engine.Whisper.Assets;

/// <summary>
/// The files from openai/whisper's <c>assets/</c> folder that the engine ships (MIT, see the LICENSE
/// copied to <c>ThirdPartyNotices/</c>), embedded in the assembly so no install path has to be found.
/// </summary>
internal static class WhisperAssets
{
    public const string MelFilters = "mel_filters.npz";
    public const string MultilingualVocabulary = "multilingual.tiktoken";
    public const string EnglishVocabulary = "gpt2.tiktoken";

    private const string ResourcePrefix = "Eavesdrop.Engine.Whisper.Assets.";

    /// <summary>Opens an embedded asset for reading; the caller disposes the stream.</summary>
    public static Stream Open(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        return typeof(WhisperAssets).Assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new FileNotFoundException($"The Whisper asset '{fileName}' is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}.", fileName);
    }
}
