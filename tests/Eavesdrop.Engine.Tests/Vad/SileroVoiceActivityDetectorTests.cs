using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Vad;
using Eavesdrop.Tests.Common.Speech;

namespace Eavesdrop.Engine.Tests.Vad;

public sealed class SileroVoiceActivityDetectorTests(SileroVadFixture fixture) : IClassFixture<SileroVadFixture>
{
    private readonly SileroVoiceActivityDetector _detector = fixture.Detector;

    [Fact]
    public void FrameSize_Is512SamplesAt16kHz()
    {
        Assert.Equal(512, _detector.FrameSize);
    }

    [Fact]
    public void SpeechProbability_JfkSpeech_ScoresHighOnSpeechFrames()
    {
        var probabilities = Score(SpeechClips.Jfk.LoadSamples());

        Report("jfk", probabilities);
        Assert.True(probabilities.Max() > 0.95f, $"max {probabilities.Max()}");
        var speechFraction = probabilities.Count(p => p > 0.5f) / (double)probabilities.Length;
        Assert.True(speechFraction > 0.5, $"only {speechFraction:P0} of jfk frames above 0.5");
    }

    [Fact]
    public void SpeechProbability_DigitalSilence_ScoresLow()
    {
        var probabilities = Score(TestSignals.Silence(3));

        Report("silence", probabilities);
        Assert.True(probabilities.Max() < 0.1f, $"max {probabilities.Max()}");
    }

    [Fact]
    public void SpeechProbability_LowWhiteNoise_ScoresLow()
    {
        var probabilities = Score(TestSignals.WhiteNoise(3, amplitude: 0.01f, seed: 42));

        Report("noise", probabilities);
        Assert.True(probabilities.Max() < 0.3f, $"max {probabilities.Max()}");
    }

    [Fact]
    public void SpeechProbability_SineTone_ScoresLow()
    {
        var probabilities = Score(TestSignals.Sine(3, frequency: 440, amplitude: 0.3f));

        Report("sine", probabilities);
        Assert.True(probabilities.Max() < 0.3f, $"max {probabilities.Max()}");
    }

    [Fact]
    public void Reset_AfterSpeech_RestoresInitialBehaviour()
    {
        var speech = SpeechClips.Jfk.LoadSamples();
        using var fresh = _detector.OpenStream();
        var expected = Score(fresh, speech.AsSpan(0, 512 * 20));

        using var used = _detector.OpenStream();
        var firstRun = Score(used, speech.AsSpan(512 * 100, 512 * 20));
        used.Reset();
        var afterReset = Score(used, speech.AsSpan(0, 512 * 20));

        Assert.Equal(expected, afterReset);
        Assert.NotEqual(expected, firstRun);
    }

    [Fact]
    public void SpeechProbability_StateCarriesAcrossFrames()
    {
        var speech = SpeechClips.Jfk.LoadSamples();
        var frame = speech.AsSpan(512 * 40, 512);
        using var stream = _detector.OpenStream();

        var cold = stream.SpeechProbability(frame);
        Score(stream, speech.AsSpan(512 * 41, 512 * 10));
        var warm = stream.SpeechProbability(frame);

        Assert.NotEqual(cold, warm);
    }

    [Fact]
    public void OpenStream_TwoStreamsInterleaved_AreIndependent()
    {
        var speech = SpeechClips.Jfk.LoadSamples().AsSpan(0, 512 * 60).ToArray();
        var silence = TestSignals.WhiteNoise(512 * 60 / 16000.0, 0.001f, seed: 7);
        using var speechAlone = _detector.OpenStream();
        using var silenceAlone = _detector.OpenStream();
        var expectedSpeech = Score(speechAlone, speech);
        var expectedSilence = Score(silenceAlone, silence);

        using var a = _detector.OpenStream();
        using var b = _detector.OpenStream();
        var interleavedSpeech = new float[60];
        var interleavedSilence = new float[60];
        for (var i = 0; i < 60; i++)
        {
            interleavedSpeech[i] = a.SpeechProbability(speech.AsSpan(512 * i, 512));
            interleavedSilence[i] = b.SpeechProbability(silence.AsSpan(512 * i, 512));
        }

        Assert.Equal(expectedSpeech, interleavedSpeech);
        Assert.Equal(expectedSilence, interleavedSilence);
    }

    [Fact]
    public async Task OpenStream_StreamsOnSeveralThreads_MatchSequentialScores()
    {
        var speech = SpeechClips.Jfk.LoadSamples().AsSpan(0, 512 * 40).ToArray();
        using var reference = _detector.OpenStream();
        var expected = Score(reference, speech);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(
            () =>
            {
                using var stream = _detector.OpenStream();
                return Score(stream, speech);
            },
            TestContext.Current.CancellationToken)));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void SpeechProbability_WrongFrameLength_Throws()
    {
        using var stream = _detector.OpenStream();

        Assert.Throws<ArgumentException>(() => stream.SpeechProbability(new float[480]));
    }

    [Fact]
    public void SpeechProbability_AfterDispose_ThrowsObjectDisposed()
    {
        var stream = _detector.OpenStream();
        stream.Dispose();

        Assert.Throws<ObjectDisposedException>(() => stream.SpeechProbability(new float[512]));
    }

    private static float[] Score(IVoiceActivityStream stream, ReadOnlySpan<float> audio)
    {
        var probabilities = new float[audio.Length / 512];
        for (var i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = stream.SpeechProbability(audio.Slice(512 * i, 512));
        }

        return probabilities;
    }

    private static void Report(string what, float[] probabilities) =>
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{what}: max {probabilities.Max():F3}, mean {probabilities.Average():F3}, >0.5 {probabilities.Count(p => p > 0.5f)}/{probabilities.Length}");

    private float[] Score(float[] audio)
    {
        using var stream = _detector.OpenStream();
        return Score(stream, audio);
    }
}
