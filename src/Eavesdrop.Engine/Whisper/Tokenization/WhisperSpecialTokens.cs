using System.Globalization;

namespace Eavesdrop.Engine.Whisper.Tokenization;

/// <summary>
/// Whisper's special tokens in the order openai/whisper appends them after the ordinary vocabulary
/// (<c>tokenizer.get_encoding</c>): end of text, start of transcript, one per language, translate, transcribe,
/// start of LM, start of previous text, no speech, no timestamps, then the 1501 timestamps 0.00 … 30.00.
/// </summary>
internal static class WhisperSpecialTokens
{
    public const string EndOfText = "<|endoftext|>";
    public const string StartOfTranscript = "<|startoftranscript|>";
    public const string Translate = "<|translate|>";
    public const string Transcribe = "<|transcribe|>";
    public const string StartOfLm = "<|startoflm|>";
    public const string StartOfPrev = "<|startofprev|>";
    public const string NoSpeech = "<|nospeech|>";

    /// <summary>The Hugging Face exports' name for <see cref="NoSpeech"/>.</summary>
    public const string NoCaptions = "<|nocaptions|>";

    public const string NoTimestamps = "<|notimestamps|>";
    public const int TimestampCount = 1501;
    public const float SecondsPerTimestamp = 0.02f;

    public static string Language(string code) => $"<|{code}|>";

    public static string Timestamp(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"<|{index * 0.02:0.00}|>");

    /// <summary>The specials in id order.</summary>
    public static IEnumerable<string> InOrder(int numLanguages)
    {
        yield return EndOfText;
        yield return StartOfTranscript;
        for (var i = 0; i < numLanguages; i++)
        {
            yield return Language(WhisperLanguages.Codes[i]);
        }

        yield return Translate;
        yield return Transcribe;
        yield return StartOfLm;
        yield return StartOfPrev;
        yield return NoSpeech;
        yield return NoTimestamps;
        for (var i = 0; i < TimestampCount; i++)
        {
            yield return Timestamp(i);
        }
    }

    /// <summary>openai/whisper's ids: specials numbered consecutively from <paramref name="firstId"/> (the ordinary token count).</summary>
    public static Dictionary<string, int> Numbered(int firstId, int numLanguages)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var next = firstId;
        foreach (var token in InOrder(numLanguages))
        {
            ids[token] = next++;
        }

        return ids;
    }
}
