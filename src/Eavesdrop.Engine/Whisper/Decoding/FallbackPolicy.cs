using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.Engine.Whisper.Decoding;

/// <summary>whisper's temperature-fallback and silence decisions (<c>decode_with_fallback</c>, <c>should_skip</c>).</summary>
internal static class FallbackPolicy
{
    /// <summary>True when the result is too repetitive or too unlikely, unless the window is judged silent.</summary>
    public static bool NeedsFallback(WindowResult result, DecodingOptions options)
    {
        bool needsFallback = result.CompressionRatio > options.CompressionRatioThreshold
            || result.AvgLogProb < options.LogProbThreshold;
        if (result.NoSpeechProb > options.NoSpeechThreshold)
        {
            needsFallback = false;
        }

        return needsFallback;
    }

    /// <summary>True when the window is silence: high no-speech probability and a low average log-prob.</summary>
    public static bool IsSilence(WindowResult result, DecodingOptions options)
        => result.NoSpeechProb > options.NoSpeechThreshold && !(result.AvgLogProb > options.LogProbThreshold);
}
