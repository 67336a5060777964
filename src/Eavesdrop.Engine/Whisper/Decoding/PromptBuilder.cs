namespace Eavesdrop.Engine.Whisper.Decoding;

/// <summary>
/// Builds the decoder prefix: <c>&lt;|startofprev|&gt;</c> + hotwords + previous text (at most half
/// the context, as whisper and faster-whisper do) followed by the SOT sequence.
/// </summary>
internal static class PromptBuilder
{
    /// <summary>Most prompt tokens after <c>startofprev</c>: n_text_ctx / 2 − 1.</summary>
    public const int MaxPromptTokens = 223;

    public static int[] Build(int startOfPrev, ReadOnlySpan<int> hotwords, ReadOnlySpan<int> previous, ReadOnlySpan<int> sotSequence, out int sotIndex)
    {
        if (hotwords.Length > MaxPromptTokens)
        {
            hotwords = hotwords[..MaxPromptTokens];
        }

        int previousRoom = MaxPromptTokens - hotwords.Length;
        if (previous.Length > previousRoom)
        {
            previous = previous[^previousRoom..];
        }

        var prefix = new List<int>(1 + hotwords.Length + previous.Length + sotSequence.Length);
        if (hotwords.Length > 0 || previous.Length > 0)
        {
            prefix.Add(startOfPrev);
            prefix.AddRange(hotwords);
            prefix.AddRange(previous);
        }

        sotIndex = prefix.Count;
        prefix.AddRange(sotSequence);
        return [.. prefix];
    }
}
