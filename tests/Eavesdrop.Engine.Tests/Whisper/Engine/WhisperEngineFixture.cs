using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Whisper;

namespace Eavesdrop.Engine.Tests.Whisper.Engine;

internal static class WhisperEngineFixture
{
    /// <summary>Options that keep the synthetic models' windows short: greedy, no fallback, 40 tokens.</summary>
    public static DecodingOptions Fast(string? language = null) => new() { Temperatures = [0f], MaxNewTokens = 40, Language = language };

    public static WhisperEngine Load(string directory, bool useKvCache = true, int maxBatch = 8)
        => WhisperEngine.Load(directory, new WhisperEngineOptions { IntraOpThreads = 1, UseKvCache = useKvCache, MaxBatchSize = maxBatch });

    public static void AssertSameResults(TranscriptionResult expected, TranscriptionResult actual, double logProbTolerance = 1e-4)
    {
        Assert.Equal(expected.Language, actual.Language);
        Assert.Equal(expected.Segments.Count, actual.Segments.Count);
        for (int i = 0; i < expected.Segments.Count; i++)
        {
            var e = expected.Segments[i];
            var a = actual.Segments[i];
            Assert.Equal(e.Tokens, a.Tokens);
            Assert.Equal(e.Text, a.Text);
            Assert.Equal(e.Start, a.Start, 6);
            Assert.Equal(e.End, a.End, 6);
            Assert.Equal(e.Seek, a.Seek);
            Assert.Equal(e.Temperature, a.Temperature);
            Assert.InRange(Math.Abs(e.AvgLogProb - a.AvgLogProb), 0, logProbTolerance);
            Assert.InRange(Math.Abs(e.NoSpeechProb - a.NoSpeechProb), 0, logProbTolerance);
        }
    }
}
