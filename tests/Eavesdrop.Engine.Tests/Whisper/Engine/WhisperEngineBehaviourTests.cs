using Eavesdrop.Tests.Common.Whisper;
using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Tests.Whisper.Runtime;
using Eavesdrop.Engine.Whisper.Runtime;

namespace Eavesdrop.Engine.Tests.Whisper.Engine;

public sealed class WhisperEngineBehaviourTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Transcribe_BatchOfN_EqualsNSingleRuns()
    {
        await using var engine = WhisperEngineFixture.Load(SyntheticWhisperModels.English, maxBatch: 4);
        // Different lengths, one longer than a window so that seek advances over several windows.
        var requests = new[] { TestAudio.Tones(5, 1), TestAudio.Tones(20, 2), TestAudio.Tones(42, 3) }
            .Select(a => new TranscriptionRequest(a, WhisperEngineFixture.Fast()))
            .ToArray();

        var batched = engine.Transcribe(requests, Ct);
        var single = requests.Select(r => engine.Transcribe([r], Ct)[0]).ToArray();

        Assert.Equal(3, batched.Count);
        Assert.Contains(batched[2].Segments, s => s.Seek > 0);
        for (int i = 0; i < requests.Length; i++)
        {
            Assert.NotEmpty(single[i].Segments);
            WhisperEngineFixture.AssertSameResults(single[i], batched[i]);
        }
    }

    [Fact]
    public async Task BeamSearch_BeamOne_EqualsGreedy()
    {
        await using var engine = WhisperEngineFixture.Load(SyntheticWhisperModels.English);
        var (tasks, encoded) = KvCacheEquivalenceTests.Windows(engine, [TestAudio.Tones(6, 21), TestAudio.Tones(9, 22)]);
        var greedy = engine.WindowDecoder.DecodeGreedy(tasks, encoded, 1500, null, Ct);
        var beam = engine.WindowDecoder.DecodeBeam(tasks, encoded, 1500, 1, null, Ct);
        for (int i = 0; i < tasks.Length; i++)
        {
            Assert.Equal(greedy[i].Tokens, beam[i].Tokens);
            Assert.InRange(Math.Abs(greedy[i].SumLogProb - beam[i].SumLogProb), 0, 1e-4);
            Assert.Equal(greedy[i].NoSpeechProb, beam[i].NoSpeechProb, 6);
        }
    }

    [Fact]
    public async Task BeamSearch_BeamFive_AtLeastAsLikelyPerTokenAsGreedy()
    {
        await using var engine = WhisperEngineFixture.Load(SyntheticWhisperModels.English);
        var (greedyTasks, encoded) = KvCacheEquivalenceTests.Windows(engine, [TestAudio.Tones(6, 31)]);
        var (beamTasks, _) = KvCacheEquivalenceTests.Windows(engine, [TestAudio.Tones(6, 31)], beam: 5);
        var greedy = engine.WindowDecoder.Decode(greedyTasks, encoded, 1500, null, Ct)[0];
        var beam = engine.WindowDecoder.Decode(beamTasks, encoded, 1500, null, Ct)[0];
        Assert.NotEmpty(beam.Tokens);
        Assert.True(beam.Tokens[0] >= engine.Model.Tokenizer.TimestampBegin, "the timestamp rules apply to beam search too");
        // Beam search ranks finished hypotheses by mean log-prob (whisper's default ranker).
        Assert.True(beam.SumLogProb / Math.Max(1, beam.Tokens.Length) >= greedy.SumLogProb / Math.Max(1, greedy.Tokens.Length) - 1e-6);
    }

    [Fact]
    public async Task Transcribe_ConcurrentCallsFromThreads_SameAsSequential()
    {
        await using var engine = WhisperEngineFixture.Load(SyntheticWhisperModels.English);
        var requests = Enumerable.Range(0, 4).Select(i => new TranscriptionRequest(TestAudio.Tones(4 + 3 * i, 40 + i), WhisperEngineFixture.Fast())).ToArray();
        var sequential = requests.Select(r => engine.Transcribe([r], Ct)[0]).ToArray();

        var concurrent = new TranscriptionResult[requests.Length];
        var threads = Enumerable.Range(0, requests.Length)
            .Select(i => new Thread(() => concurrent[i] = engine.Transcribe([requests[i]], Ct)[0]))
            .ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        for (int i = 0; i < requests.Length; i++)
        {
            WhisperEngineFixture.AssertSameResults(sequential[i], concurrent[i]);
        }
    }

    [Fact]
    public async Task Transcribe_SegmentsCarryWhisperFields()
    {
        await using var engine = WhisperEngineFixture.Load(SyntheticWhisperModels.English);
        var result = engine.Transcribe([new TranscriptionRequest(TestAudio.Tones(10, 5), WhisperEngineFixture.Fast())], Ct)[0];
        Assert.Equal("en", result.Language);
        Assert.Null(result.LanguageProbability);
        Assert.NotEmpty(result.Segments);
        var tokenizer = engine.Model.Tokenizer;
        foreach (var s in result.Segments)
        {
            Assert.True(s.End >= s.Start);
            Assert.InRange(s.End, 0, 10.0);
            Assert.NotEmpty(s.Tokens);
            Assert.True(s.AvgLogProb < 0);
            Assert.True(s.CompressionRatio > 0);
            Assert.InRange(s.NoSpeechProb, 0, 1);
            Assert.Equal(0.0, s.Temperature);
            Assert.Equal(tokenizer.Decode([.. s.Tokens.Where(t => t < tokenizer.EndOfText)]), s.Text);
        }
    }

    [Fact]
    public async Task Transcribe_WithoutTimestamps_NoTimestampTokens()
    {
        await using var engine = WhisperEngineFixture.Load(SyntheticWhisperModels.English);
        var options = WhisperEngineFixture.Fast() with { WithoutTimestamps = true };
        var result = engine.Transcribe([new TranscriptionRequest(TestAudio.Tones(10, 5), options)], Ct)[0];
        var segment = Assert.Single(result.Segments);
        Assert.DoesNotContain(segment.Tokens, t => t >= engine.Model.Tokenizer.TimestampBegin);
        Assert.Equal(10.0, segment.End, 6);
    }

    [Fact]
    public async Task Transcribe_TemperatureFallback_RetriesUnlikelyWindows()
    {
        await using var engine = WhisperEngineFixture.Load(SyntheticWhisperModels.English);
        // A random model's text is unlikely: with an impossible log-prob threshold every temperature is tried.
        var options = WhisperEngineFixture.Fast() with { Temperatures = [0f, 0.4f, 1.0f], LogProbThreshold = 0f, NoSpeechThreshold = 1.0f };
        var result = engine.Transcribe([new TranscriptionRequest(TestAudio.Tones(8, 6), options)], Ct)[0];
        Assert.NotEmpty(result.Segments);
        Assert.All(result.Segments.Where(s => s.Seek == 0), s => Assert.Equal(1.0, s.Temperature!.Value, 6));

        var accepting = options with { LogProbThreshold = -100f };
        var first = engine.Transcribe([new TranscriptionRequest(TestAudio.Tones(8, 6), accepting)], Ct)[0];
        Assert.All(first.Segments, s => Assert.Equal(0.0, s.Temperature!.Value, 6));
    }

    [Fact]
    public async Task Transcribe_PromptAndHotwords_ChangeTheDecoderInput()
    {
        await using var engine = WhisperEngineFixture.Load(SyntheticWhisperModels.English);
        var audio = TestAudio.Tones(8, 7);
        var plain = engine.Transcribe([new TranscriptionRequest(audio, WhisperEngineFixture.Fast())], Ct)[0];
        var prompted = engine.Transcribe([new TranscriptionRequest(audio, WhisperEngineFixture.Fast() with { InitialPrompt = "Kubernetes and Eavesdrop." })], Ct)[0];
        var hot = engine.Transcribe([new TranscriptionRequest(audio, WhisperEngineFixture.Fast() with { Hotwords = ["Eavesdrop", "ONNX"] })], Ct)[0];
        Assert.NotEqual(plain.Segments.SelectMany(s => s.Tokens), prompted.Segments.SelectMany(s => s.Tokens));
        Assert.NotEqual(plain.Segments.SelectMany(s => s.Tokens), hot.Segments.SelectMany(s => s.Tokens));
    }

    [Fact]
    public async Task Transcribe_WordTimestamps_RefusedWithClearError()
    {
        await using var engine = WhisperEngineFixture.Load(SyntheticWhisperModels.English);
        Assert.False(engine.Capabilities.SupportsWordTimestamps);
        var ex = Assert.Throws<EngineException>(() => engine.Transcribe([new TranscriptionRequest(TestAudio.Tones(2, 1), new DecodingOptions { WordTimestamps = true })], Ct));
        Assert.Contains("cross-attention", ex.Message);
    }

    [Fact]
    public async Task Transcribe_TranslateOnEnglishOnlyModel_Refused()
    {
        await using var engine = WhisperEngineFixture.Load(SyntheticWhisperModels.English);
        Assert.False(engine.Capabilities.CanTranslate);
        Assert.Throws<EngineException>(() => engine.Transcribe([new TranscriptionRequest(TestAudio.Tones(2, 1), new DecodingOptions { Task = TranscriptionTask.Translate })], Ct));
    }

    [Fact]
    public async Task Transcribe_EmptyAudio_NoSegments()
    {
        await using var engine = WhisperEngineFixture.Load(SyntheticWhisperModels.English);
        var result = engine.Transcribe([new TranscriptionRequest(ReadOnlyMemory<float>.Empty, WhisperEngineFixture.Fast())], Ct)[0];
        Assert.Empty(result.Segments);
    }

    [Fact]
    public async Task Encoder_FewerThan3000Frames_RejectedByTheExport()
    {
        // Like transformers' WhisperEncoder, the export adds the whole 1500-position table, so only 3000 frames fit.
        await using var engine = WhisperEngineFixture.Load(SyntheticWhisperModels.English);
        var mel = new float[80 * 1000];
        var ex = Assert.Throws<EngineException>(() => engine.Model.Encoder.Encode(mel, 1, 1000));
        Assert.Contains("encoder", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1500 * 64, engine.Model.Encoder.Encode(new float[80 * 3000], 1, 3000).Length);
    }

    [Fact]
    public async Task ShortWindows_ExportWithFullPositionTable_StaysAt3000Frames()
    {
        await using var engine = Eavesdrop.Engine.Whisper.WhisperEngine.Load(
            SyntheticWhisperModels.English, new Eavesdrop.Engine.Whisper.WhisperEngineOptions { IntraOpThreads = 1, ShortWindows = true });
        Assert.False(engine.UsesShortWindows);
        var result = engine.Transcribe([new TranscriptionRequest(TestAudio.Tones(4, 8), WhisperEngineFixture.Fast())], Ct)[0];
        Assert.NotEmpty(result.Segments);
    }

    [Fact]
    public async Task ShortWindows_EncoderAcceptingThem_EncodesOnlyTheAudio()
    {
        await using var engine = Eavesdrop.Engine.Whisper.WhisperEngine.Load(
            SyntheticWhisperModels.ShortWindowEncoder, new Eavesdrop.Engine.Whisper.WhisperEngineOptions { IntraOpThreads = 1, ShortWindows = true });
        Assert.True(engine.UsesShortWindows);
        var audio = TestAudio.Tones(4.2, 8);
        var state = new Eavesdrop.Engine.Whisper.WindowState(
            new TranscriptionRequest(audio, WhisperEngineFixture.Fast()), new float[80 * 420], 420, [], [], new Random(1));
        Assert.Equal(500, engine.EncoderFramesFor([state]));
        var result = engine.Transcribe([new TranscriptionRequest(audio, WhisperEngineFixture.Fast())], Ct)[0];
        Assert.NotEmpty(result.Segments);
    }
}
