using Eavesdrop.Tests.Common.Whisper;
using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Tests.Whisper.Runtime;
using Eavesdrop.Engine.Whisper;
using Eavesdrop.Engine.Whisper.Runtime;

namespace Eavesdrop.Engine.Tests.Whisper.Engine;

public sealed class MultilingualEngineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Transcribe_NoLanguage_DetectsOneWithProbability()
    {
        await using var engine = WhisperEngineFixture.Load(SyntheticWhisperModels.Multilingual);
        Assert.True(engine.Capabilities.CanDetectLanguage);
        Assert.Equal(99, engine.Capabilities.Languages.Count);
        var result = engine.Transcribe([new TranscriptionRequest(TestAudio.Tones(6, 3), WhisperEngineFixture.Fast())], Ct)[0];
        Assert.Contains(result.Language, engine.Capabilities.Languages);
        Assert.InRange(result.LanguageProbability!.Value, 1f / 99, 1f);
        Assert.NotEmpty(result.Segments);
    }

    [Fact]
    public async Task Transcribe_ForcedLanguage_UsedAndNoProbability()
    {
        await using var engine = WhisperEngineFixture.Load(SyntheticWhisperModels.Multilingual);
        var result = engine.Transcribe([new TranscriptionRequest(TestAudio.Tones(6, 3), WhisperEngineFixture.Fast("en"))], Ct)[0];
        Assert.Equal("en", result.Language);
        Assert.NotEmpty(result.Segments);
        Assert.Null(result.LanguageProbability);
        var translated = engine.Transcribe([new TranscriptionRequest(TestAudio.Tones(6, 3), WhisperEngineFixture.Fast("en") with { Task = TranscriptionTask.Translate })], Ct)[0];
        Assert.NotEqual(result.Segments.SelectMany(s => s.Tokens), translated.Segments.SelectMany(s => s.Tokens));
    }

    [Fact]
    public async Task Transcribe_UnknownLanguage_Refused()
    {
        await using var engine = WhisperEngineFixture.Load(SyntheticWhisperModels.Multilingual);
        Assert.Throws<EngineException>(() => engine.Transcribe([new TranscriptionRequest(TestAudio.Tones(1, 3), WhisperEngineFixture.Fast("xx"))], Ct));
    }

    [Fact]
    public async Task Transcribe_MixedLanguagesInOneBatch_EqualsSingleRuns()
    {
        await using var engine = WhisperEngineFixture.Load(SyntheticWhisperModels.Multilingual);
        var requests = new[]
        {
            new TranscriptionRequest(TestAudio.Tones(5, 1), WhisperEngineFixture.Fast()),
            new TranscriptionRequest(TestAudio.Tones(9, 2), WhisperEngineFixture.Fast("fr")),
            new TranscriptionRequest(TestAudio.Tones(7, 3), WhisperEngineFixture.Fast() with { InitialPrompt = "A different prompt length." }),
        };
        var batched = engine.Transcribe(requests, Ct);
        for (int i = 0; i < requests.Length; i++)
        {
            WhisperEngineFixture.AssertSameResults(engine.Transcribe([requests[i]], Ct)[0], batched[i]);
        }
    }

    [Fact]
    public async Task Load_QuantizedVariant_Transcribes()
    {
        await using var engine = WhisperEngine.Load(SyntheticWhisperModels.Multilingual, new WhisperEngineOptions { Variant = WhisperModelVariant.Int8, IntraOpThreads = 1 });
        Assert.True(engine.Model.Files.Quantized);
        var result = engine.Transcribe([new TranscriptionRequest(TestAudio.Tones(6, 3), WhisperEngineFixture.Fast("en"))], Ct)[0];
        Assert.NotEmpty(result.Segments);
    }

    [Fact]
    public async Task Load_LargeV3With128MelsAndMergedDecoder_Transcribes()
    {
        await using var engine = WhisperEngineFixture.Load(SyntheticWhisperModels.LargeV3);
        Assert.Equal(128, engine.MelSpectrogram.MelBins);
        Assert.True(engine.Model.Decoder.IsMerged);
        Assert.Contains("yue", engine.Capabilities.Languages);
        var result = engine.Transcribe([new TranscriptionRequest(TestAudio.Tones(6, 3), WhisperEngineFixture.Fast())], Ct)[0];
        Assert.NotNull(result.Language);
        Assert.NotEmpty(result.Segments);
    }

    [Fact]
    public async Task Load_QuantizedMergedDecoder_SameTokensAsQuantizedSplit()
    {
        var mergedOnly = SyntheticWhisperModels.CopyModel(
            SyntheticWhisperModels.Multilingual, f => f.EndsWith(".json") || f.Contains("encoder_model_quantized") || f.Contains("decoder_model_merged_quantized"));
        await using var merged = WhisperEngine.Load(mergedOnly, new WhisperEngineOptions { Variant = WhisperModelVariant.Int8, IntraOpThreads = 1 });
        await using var split = WhisperEngine.Load(SyntheticWhisperModels.Multilingual, new WhisperEngineOptions { Variant = WhisperModelVariant.Int8, IntraOpThreads = 1 });
        Assert.True(merged.Model.Decoder.IsMerged);
        Assert.False(split.Model.Decoder.IsMerged);
        var request = new TranscriptionRequest(TestAudio.Tones(6, 4), WhisperEngineFixture.Fast("en"));
        WhisperEngineFixture.AssertSameResults(split.Transcribe([request], Ct)[0], merged.Transcribe([request], Ct)[0]);
    }
}
