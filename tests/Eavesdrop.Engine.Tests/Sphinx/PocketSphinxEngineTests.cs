using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Sphinx;
using Eavesdrop.Tests.Common.Speech;

namespace Eavesdrop.Engine.Tests.Sphinx;

/// <summary>
/// The real engine on real speech. Measured with Debian 12's en-us model and
/// <see cref="TranscriptNormalizer.English"/>: jfk 59.1 % WER (13/22: "and all my fellow america and
/// not like you are comparing vancouver yo and when you can do for your lovely"), the
/// pocketsphinx-testdata clips (goforward, 5 LibriVox, 5 cards) 21.9 % pooled (21/96), worst clip
/// 37.5 %. PocketSphinx flips words on tiny input changes, so the bounds leave a wide margin; they
/// still fail on a broken audio path (wrong scaling or byte order gives ~100 % or no text).
/// </summary>
public sealed class PocketSphinxEngineTests(PocketSphinxEngineFixture fixture) : IClassFixture<PocketSphinxEngineFixture>
{
    private const double JfkWerBound = 0.75;
    private const double PooledWerBound = 0.40;
    private const double PerClipWerBound = 0.60;

    private readonly PocketSphinxEngine _engine = fixture.Engine;

    [Fact]
    public void Transcribe_Jfk_WordErrorRateWithinMeasuredBound()
    {
        var text = TranscribeText(SpeechClips.Jfk.LoadSamples());

        var wer = WordErrorRate.Compute(SpeechClips.Jfk.Reference, text, TranscriptNormalizer.English);
        Assert.True(wer.Rate <= JfkWerBound, $"jfk: '{text}' {wer}");
    }

    [Fact]
    public void Transcribe_PocketSphinxTestDataClips_WordErrorRateWithinMeasuredBound()
    {
        List<SpeechClip> clips = [SpeechClips.GoForward, .. SpeechClips.LibriVox, .. SpeechClips.Cards];
        Assert.Equal(11, clips.Count);
        var report = new List<string>();
        var results = new List<WordErrorRate>();
        foreach (var clip in clips)
        {
            var text = TranscribeText(clip.LoadSamples());
            var wer = WordErrorRate.Compute(clip.Reference, text, TranscriptNormalizer.English);
            report.Add($"{clip.Name}: '{text}' {wer}");
            results.Add(wer);
        }

        var total = WordErrorRate.Total(results);
        var details = string.Join(Environment.NewLine, report);
        Assert.True(total.Rate <= PooledWerBound, $"pooled {total}{Environment.NewLine}{details}");
        Assert.All(results, wer => Assert.True(wer.Rate <= PerClipWerBound, details));
    }

    [Fact]
    public void Transcribe_GoForward_ExactWordsAndPlausibleTimes()
    {
        var audio = SpeechClips.GoForward.LoadSamples();

        var segment = Assert.Single(Transcribe(audio).Segments);

        Assert.Equal("go forward ten meters", segment.Text);
        var duration = audio.Length / (double)TranscriptionRequest.SampleRate;
        Assert.InRange(segment.Start, 0, 0.5);
        Assert.InRange(segment.End, 1.0, duration);
        Assert.InRange(segment.AvgLogProb, -20, 0);
        Assert.Empty(segment.Tokens);
        Assert.Null(segment.Words);
    }

    [Fact]
    public void Transcribe_WordTimestampsRequested_ReturnsOrderedWordsInsideSegment()
    {
        var options = DecodingOptions.Default with { WordTimestamps = true };

        var segment = Assert.Single(Transcribe(SpeechClips.GoForward.LoadSamples(), options).Segments);

        var words = Assert.IsAssignableFrom<IReadOnlyList<WordTiming>>(segment.Words);
        Assert.Equal(["go", "forward", "ten", "meters"], words.Select(w => w.Word));
        Assert.Equal(segment.Start, words[0].Start);
        Assert.Equal(segment.End, words[^1].End);
        for (var i = 0; i < words.Count; i++)
        {
            Assert.True(words[i].End > words[i].Start);
            Assert.InRange(words[i].Probability, 0, 1);
            if (i > 0)
            {
                Assert.True(words[i].Start >= words[i - 1].End);
            }
        }
    }

    [Fact]
    public void Transcribe_TwoUtterancesAcrossLongPause_SplitsIntoTwoSegments()
    {
        var clip = SpeechClips.GoForward.LoadSamples();
        var pause = new float[2 * TranscriptionRequest.SampleRate];
        float[] audio = [.. clip, .. pause, .. clip];

        var segments = Transcribe(audio).Segments;

        Assert.Equal(2, segments.Count);
        Assert.All(segments, s => Assert.Equal("go forward ten meters", s.Text));
        var clipSeconds = clip.Length / (double)TranscriptionRequest.SampleRate;
        Assert.True(segments[0].End <= clipSeconds + 0.1, $"first ends at {segments[0].End}");
        Assert.True(segments[1].Start >= clipSeconds + 2.0, $"second starts at {segments[1].Start}");
    }

    [Fact]
    public void Transcribe_DigitalSilence_ReturnsNoSegments()
    {
        var silence = new float[3 * TranscriptionRequest.SampleRate];

        Assert.Empty(Transcribe(silence).Segments);
    }

    [Fact]
    public void Transcribe_LowWhiteNoise_ReturnsAtMostOneWord()
    {
        var random = new Random(1234);
        var noise = new float[3 * TranscriptionRequest.SampleRate];
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = (float)((random.NextDouble() * 2) - 1) * 0.003f;
        }

        var words = Transcribe(noise).Segments.SelectMany(s => s.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        Assert.True(words.Count <= 1, $"noise gave '{string.Join(' ', words)}'");
    }

    [Fact]
    public void Transcribe_EmptyAudio_ReturnsNoSegments()
    {
        Assert.Empty(Transcribe([]).Segments);
    }

    [Fact]
    public void Transcribe_Batch_ReturnsResultsInRequestOrder()
    {
        var options = DecodingOptions.Default;
        TranscriptionRequest[] batch =
        [
            new(SpeechClips.Cards[0].LoadSamples(), options),
            new(SpeechClips.GoForward.LoadSamples(), options),
        ];

        var results = _engine.Transcribe(batch, TestContext.Current.CancellationToken);

        Assert.Equal(["ten of clubs", "go forward ten meters"], results.Select(r => Assert.Single(r.Segments).Text));
        Assert.All(results, r => Assert.Equal("en", r.Language));
    }

    [Fact]
    public async Task Transcribe_ConcurrentCallers_SameTextAsSequential()
    {
        List<SpeechClip> clips = [SpeechClips.GoForward, SpeechClips.LibriVox[1], SpeechClips.Cards[0], SpeechClips.Cards[2]];
        var audio = clips.Select(c => c.LoadSamples()).ToList();
        var sequential = audio.Select(TranscribeText).ToList();

        // Two rounds over four threads: more callers than one decoder, and decoders reused across clips.
        var concurrent = await Task.WhenAll(
            Enumerable.Range(0, 2 * audio.Count).Select(i => Task.Run(() => (Index: i % audio.Count, Text: TranscribeText(audio[i % audio.Count])), TestContext.Current.CancellationToken)));

        Assert.All(concurrent, r => Assert.Equal(sequential[r.Index], r.Text));
        Assert.All(sequential, text => Assert.NotEmpty(text));
    }

    [Fact]
    public void Transcribe_CancelledToken_ThrowsAndEngineStaysUsable()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var request = new TranscriptionRequest(SpeechClips.GoForward.LoadSamples(), DecodingOptions.Default);

        Assert.ThrowsAny<OperationCanceledException>(() => _engine.Transcribe([request], cancelled.Token));
        Assert.Equal("go forward ten meters", TranscribeText(request.Audio.ToArray()));
    }

    [Fact]
    public void Properties_DescribeEnglishOnlyPocketSphinx()
    {
        Assert.Equal("pocketsphinx", _engine.Name);
        Assert.Equal("en-us", _engine.ModelName);
        Assert.Equal(["en"], _engine.Capabilities.Languages);
        Assert.False(_engine.Capabilities.CanTranslate);
        Assert.False(_engine.Capabilities.CanDetectLanguage);
        Assert.True(_engine.Capabilities.SupportsWordTimestamps);
    }

    private TranscriptionResult Transcribe(float[] audio, DecodingOptions? options = null) =>
        Assert.Single(_engine.Transcribe([new TranscriptionRequest(audio, options ?? DecodingOptions.Default)], TestContext.Current.CancellationToken));

    private string TranscribeText(float[] audio) => string.Join(' ', Transcribe(audio).Segments.Select(s => s.Text));
}
