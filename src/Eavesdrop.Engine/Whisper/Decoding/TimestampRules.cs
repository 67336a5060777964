namespace Eavesdrop.Engine.Whisper.Decoding;

/// <summary>
/// openai/whisper's <c>ApplyTimestampRules</c>: timestamps come in pairs (except right before
/// end-of-text), never decrease, every segment has non-zero length, the first token is a
/// timestamp no later than <c>max_initial_timestamp</c>, and a timestamp is forced when the
/// timestamps together are likelier than any single text token.
/// </summary>
internal sealed class TimestampRules
{
    private readonly int _endOfText;
    private readonly int _noTimestamps;
    private readonly int _timestampBegin;
    private readonly int? _maxInitialTimestampIndex;

    public TimestampRules(int endOfText, int noTimestamps, int timestampBegin, int? maxInitialTimestampIndex)
    {
        _endOfText = endOfText;
        _noTimestamps = noTimestamps;
        _timestampBegin = timestampBegin;
        _maxInitialTimestampIndex = maxInitialTimestampIndex;
    }

    /// <param name="logits">One row of logits over the vocabulary; changed in place.</param>
    /// <param name="sampled">The tokens sampled so far in this window (after the prompt / sample_begin).</param>
    public void Apply(Span<float> logits, ReadOnlySpan<int> sampled)
    {
        logits[_noTimestamps] = float.NegativeInfinity;

        bool lastWasTimestamp = sampled.Length >= 1 && sampled[^1] >= _timestampBegin;
        bool penultimateWasTimestamp = sampled.Length < 2 || sampled[^2] >= _timestampBegin;
        if (lastWasTimestamp)
        {
            if (penultimateWasTimestamp)
            {
                logits[_timestampBegin..].Fill(float.NegativeInfinity);
            }
            else
            {
                logits[.._endOfText].Fill(float.NegativeInfinity);
            }
        }

        int lastTimestamp = -1;
        for (int i = sampled.Length - 1; i >= 0; i--)
        {
            if (sampled[i] >= _timestampBegin)
            {
                lastTimestamp = sampled[i];
                break;
            }
        }

        if (lastTimestamp >= 0)
        {
            int timestampLast = lastWasTimestamp && !penultimateWasTimestamp ? lastTimestamp : lastTimestamp + 1;
            logits[_timestampBegin..Math.Min(timestampLast, logits.Length)].Fill(float.NegativeInfinity);
        }

        if (sampled.Length == 0)
        {
            logits[.._timestampBegin].Fill(float.NegativeInfinity);
            if (_maxInitialTimestampIndex is { } maxInitial)
            {
                int lastAllowed = _timestampBegin + maxInitial;
                if (lastAllowed + 1 < logits.Length)
                {
                    logits[(lastAllowed + 1)..].Fill(float.NegativeInfinity);
                }
            }
        }

        Span<float> logprobs = logits.Length <= 1024 ? stackalloc float[logits.Length] : new float[logits.Length];
        LogProbs.LogSoftmax(logits, logprobs);
        float timestampLogprob = LogProbs.LogSumExp(logprobs[_timestampBegin..]);
        float maxTextLogprob = float.NegativeInfinity;
        foreach (var lp in logprobs[.._timestampBegin])
        {
            if (lp > maxTextLogprob)
            {
                maxTextLogprob = lp;
            }
        }

        if (timestampLogprob > maxTextLogprob)
        {
            logits[.._timestampBegin].Fill(float.NegativeInfinity);
        }
    }
}
