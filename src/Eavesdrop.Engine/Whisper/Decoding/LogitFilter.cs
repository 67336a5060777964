namespace Eavesdrop.Engine.Whisper.Decoding;

/// <summary>
/// The logit filters of one decoding, in whisper's order: suppress blank (first step only),
/// suppress tokens, then the timestamp rules (or, without timestamps, no timestamp tokens at all).
/// </summary>
internal sealed class LogitFilter
{
    private readonly int[] _blankTokens;
    private readonly int[] _suppressTokens;
    private readonly TimestampRules? _timestampRules;
    private readonly int _timestampBegin;

    public LogitFilter(int[] blankTokens, int[] suppressTokens, TimestampRules? timestampRules, int timestampBegin)
    {
        _blankTokens = blankTokens;
        _suppressTokens = suppressTokens;
        _timestampRules = timestampRules;
        _timestampBegin = timestampBegin;
    }

    public void Apply(Span<float> logits, ReadOnlySpan<int> sampled)
    {
        if (sampled.Length == 0)
        {
            foreach (var t in _blankTokens)
            {
                logits[t] = float.NegativeInfinity;
            }
        }

        foreach (var t in _suppressTokens)
        {
            if ((uint)t < (uint)logits.Length)
            {
                logits[t] = float.NegativeInfinity;
            }
        }

        if (_timestampRules is not null)
        {
            _timestampRules.Apply(logits, sampled);
        }
        else
        {
            logits[_timestampBegin..].Fill(float.NegativeInfinity);
        }
    }
}
