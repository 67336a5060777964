using Eavesdrop.Tests.Common.Whisper;
using Eavesdrop.Engine.Tests.Whisper.Runtime;
using Eavesdrop.Engine.Whisper;
using Eavesdrop.Engine.Whisper.Decoding;
using Eavesdrop.Engine.Whisper.Runtime;

namespace Eavesdrop.Engine.Tests.Whisper.Engine;

/// <summary>Decoding with the key/value cache must equal re-running the decoder over the whole sequence every step.</summary>
public sealed class KvCacheEquivalenceTests
{
    public static TheoryData<string> Layouts => ["split", "merged"];

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Decode_WithKvCache_SameTokensAndLogitsAsWithout(string layout)
    {
        var directory = layout == "split"
            ? SyntheticWhisperModels.English
            : SyntheticWhisperModels.CopyModel(SyntheticWhisperModels.Multilingual, f => !f.Contains("_quantized") && (f.EndsWith(".json") || f.Contains("encoder") || f.Contains("merged")));
        await using var cached = WhisperEngineFixture.Load(directory);
        await using var uncached = WhisperEngineFixture.Load(directory, useKvCache: false);
        Assert.Equal(layout == "merged", cached.Model.Decoder.IsMerged);

        // Two windows in one batch so that row handling is covered too.
        var (tasks, encoded) = Windows(cached, [TestAudio.Tones(7, 11), TestAudio.Tones(12, 12)]);
        var withCache = new List<float[]>[2] { [], [] };
        var withoutCache = new List<float[]>[2] { [], [] };
        var a = cached.WindowDecoder.Decode(tasks, encoded, 1500, (row, step, logits) => withCache[row].Add(logits.ToArray()), TestContext.Current.CancellationToken);
        var b = uncached.WindowDecoder.Decode(tasks, encoded, 1500, (row, step, logits) => withoutCache[row].Add(logits.ToArray()), TestContext.Current.CancellationToken);

        for (int row = 0; row < 2; row++)
        {
            Assert.Equal(b[row].Tokens, a[row].Tokens);
            Assert.True(a[row].Tokens.Length >= 5, "the synthetic model should produce a non-trivial sequence");
            Assert.Equal(withoutCache[row].Count, withCache[row].Count);
            float maxDiff = 0;
            for (int step = 0; step < withCache[row].Count; step++)
            {
                for (int v = 0; v < withCache[row][step].Length; v++)
                {
                    maxDiff = Math.Max(maxDiff, Math.Abs(withCache[row][step][v] - withoutCache[row][step][v]));
                }
            }

            Assert.InRange(maxDiff, 0f, 1e-4f);
            Assert.InRange(Math.Abs(a[row].SumLogProb - b[row].SumLogProb), 0, 1e-4);
        }
    }

    [Fact]
    public async Task Decode_RealTinyDimensions_KvCacheMatchesAndBatchEqualsSingle()
    {
        var directory = SyntheticWhisperModels.TinyDimensions;
        await using var cached = WhisperEngineFixture.Load(directory);
        await using var uncached = WhisperEngineFixture.Load(directory, useKvCache: false);
        Assert.Equal(384, cached.Model.Config.DModel);
        var (tasks, encoded) = Windows(cached, [TestAudio.Tones(5, 61), TestAudio.Tones(9, 62)], sampleLength: 12);
        var withCache = new List<float[]>[2] { [], [] };
        var withoutCache = new List<float[]>[2] { [], [] };
        var a = cached.WindowDecoder.Decode(tasks, encoded, 1500, (row, step, logits) => withCache[row].Add(logits.ToArray()), TestContext.Current.CancellationToken);
        var b = uncached.WindowDecoder.Decode(tasks, encoded, 1500, (row, step, logits) => withoutCache[row].Add(logits.ToArray()), TestContext.Current.CancellationToken);
        for (int row = 0; row < 2; row++)
        {
            Assert.Equal(b[row].Tokens, a[row].Tokens);
            Assert.True(a[row].Tokens.Length >= 3);
            for (int step = 0; step < withCache[row].Count; step++)
            {
                float maxDiff = 0;
                for (int v = 0; v < withCache[row][step].Length; v++)
                {
                    maxDiff = Math.Max(maxDiff, Math.Abs(withCache[row][step][v] - withoutCache[row][step][v]));
                }

                Assert.InRange(maxDiff, 0f, 1e-4f);
            }

            var single = cached.WindowDecoder.Decode([tasks[row]], KvCache.SelectRows(encoded, 2, [row]), 1500, null, TestContext.Current.CancellationToken)[0];
            Assert.Equal(a[row].Tokens, single.Tokens);
            Assert.InRange(Math.Abs(a[row].SumLogProb - single.SumLogProb), 0, 1e-4);
        }
    }

    internal static (WindowTask[] Tasks, float[] Encoded) Windows(WhisperEngine engine, float[][] audios, int beam = 1, int sampleLength = 30)
    {
        var tokenizer = engine.Model.Tokenizer;
        var mels = new float[audios.Length * engine.MelSpectrogram.MelBins * 3000];
        for (int i = 0; i < audios.Length; i++)
        {
            engine.MelSpectrogram.Compute(audios[i], 3000).CopyTo(mels.AsSpan(i * engine.MelSpectrogram.MelBins * 3000));
        }

        var encoded = engine.Model.Encoder.Encode(mels, audios.Length, 3000);
        int[] sot = tokenizer.IsMultilingual ? [tokenizer.StartOfTranscript, tokenizer.LanguageToken("en"), tokenizer.Transcribe] : [tokenizer.StartOfTranscript];
        var tasks = audios.Select(_ => new WindowTask { Prefix = sot, SotIndex = 0, Filter = engine.TimestampFilter, SampleLength = sampleLength, BeamSize = beam }).ToArray();
        return (tasks, encoded);
    }
}
