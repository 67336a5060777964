using Eavesdrop.Tests.Common.Speech;

namespace Eavesdrop.EndToEnd.Tests.Rtsp;

/// <summary>Scores the transcript of a looping clip: the best word error rate of any stretch of the hypothesis about as long as the reference.</summary>
internal static class LoopedSpeech
{
    public static WordErrorRate BestWindow(string reference, string hypothesis)
    {
        var normalizer = TranscriptNormalizer.English;
        var referenceWords = normalizer.Words(reference);
        var hypothesisWords = normalizer.Words(hypothesis);
        var best = WordErrorRate.Compute(referenceWords, []);
        var shortest = Math.Max(1, (int)(referenceWords.Count * 0.5));
        var longest = (int)Math.Ceiling(referenceWords.Count * 1.5);
        for (var start = 0; start < hypothesisWords.Count; start++)
        {
            for (var length = shortest; length <= longest && start + length <= hypothesisWords.Count; length++)
            {
                var wer = WordErrorRate.Compute(referenceWords, hypothesisWords.Skip(start).Take(length).ToList());
                if (wer.Errors < best.Errors)
                {
                    best = wer;
                }
            }
        }

        return best;
    }

    public static IReadOnlyList<string> Words(string text) => TranscriptNormalizer.English.Words(text);
}
