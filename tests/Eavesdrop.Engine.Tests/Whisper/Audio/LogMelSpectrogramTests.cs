using Eavesdrop.Engine.Whisper.Audio;
using Eavesdrop.Tests.Common;

namespace Eavesdrop.Engine.Tests.Whisper.Audio;

public sealed class LogMelSpectrogramTests
{
    private static readonly Lazy<float[]> s_jfk = new(() =>
    {
        var samples = PcmWavReader.ReadMono16(TestPaths.JfkWav, out var sampleRate);
        Assert.Equal(LogMelSpectrogram.SampleRate, sampleRate);
        return samples;
    });

    private static float[] Jfk => s_jfk.Value;

    [Fact]
    public void ComputeUnpadded_Jfk80Bins_MatchesNumpyReference()
    {
        var reference = ReadFloats(Path.Combine(TestPaths.WhisperAssets, "reference", "jfk-logmel-80.f32"));
        var mel = new LogMelSpectrogram(80).ComputeUnpadded(Jfk);

        Assert.Equal(80 * 1100, reference.Length);
        Assert.Equal(1100, Jfk.Length / 160);
        Assert.Equal(reference.Length, mel.Length);
        var (maxError, at) = MaxAbsDifference(mel, reference);
        Assert.True(maxError <= 1e-4, $"max |error| {maxError} at mel {at / 1100}, frame {at % 1100}");
    }

    [Fact]
    public void Compute_30SecondWindow_EqualsUnpaddedSpectrogramOfAudioFollowedBy30SecondsOfZeros()
    {
        var front = new LogMelSpectrogram(80);
        var literal = FirstFrames(front.ComputeUnpadded([.. Jfk, .. new float[LogMelSpectrogram.SamplesPer30Seconds]]), 80, LogMelSpectrogram.FramesPer30Seconds);

        var mel = front.Compute(Jfk);

        Assert.Equal(80 * LogMelSpectrogram.FramesPer30Seconds, mel.Length);
        var (maxError, _) = MaxAbsDifference(mel, literal);
        Assert.True(maxError <= 1e-6, $"max |error| {maxError}");
    }

    [Fact]
    public void Compute_30SecondWindow_FramesAfterTheAudioAreTheSilenceFloor()
    {
        var mel = new LogMelSpectrogram(80).Compute(Jfk);
        var floor = mel.Min();

        // Frames whose window is past the audio hold the floor value, the audio's frames do not.
        const int firstSilentFrame = (176000 + 200 + 159) / 160;
        for (var bin = 0; bin < 80; bin++)
        {
            var row = mel.AsSpan(bin * 3000, 3000);
            Assert.All(row[firstSilentFrame..].ToArray(), value => Assert.Equal(floor, value));
        }

        Assert.True(mel.Max() - floor is > 1.9f and <= 2f, "the floor is max − 8 in log10 units, i.e. max − 2 after scaling");
    }

    [Fact]
    public void Compute_AudioLongerThanTheWindow_TrimsAndTakesTheFloorOverTheWholeSignal()
    {
        var front = new LogMelSpectrogram(80);
        // 45 s: the jfk clip, quiet noise, then the jfk clip again, louder, beyond the first 30 s.
        var random = new Random(7);
        var audio = new float[45 * LogMelSpectrogram.SampleRate];
        for (var i = 0; i < audio.Length; i++)
        {
            audio[i] = (float)((random.NextDouble() - 0.5) * 1e-4);
        }

        Jfk.CopyTo(audio, 0);
        for (var i = 0; i < Jfk.Length; i++)
        {
            audio[(32 * LogMelSpectrogram.SampleRate) + i] = Jfk[i] * 3;
        }

        var literal = FirstFrames(front.ComputeUnpadded([.. audio, .. new float[LogMelSpectrogram.SamplesPer30Seconds]]), 80, 3000);
        var mel = front.Compute(audio, 3000);

        var (maxError, _) = MaxAbsDifference(mel, literal);
        Assert.True(maxError <= 1e-6, $"max |error| {maxError}");
        // The louder speech after 30 s raised the floor for the first 30 s: it is no longer max − 2 of the window.
        Assert.True(mel.Max() - mel.Min() < 1.99f);
    }

    [Fact]
    public void Compute_ShortFrameCount_ReturnsTheFirstFramesOfTheFullWindow()
    {
        var front = new LogMelSpectrogram(80);
        var full = front.Compute(Jfk, 3000);
        var output = new float[80 * 500];

        front.Compute(Jfk, 500, output);

        Assert.Equal(FirstFrames(full, 80, 500), output);
    }

    [Fact]
    public void Compute_WholeFileLength_EqualsWhispersPaddedSpectrogram()
    {
        var front = new LogMelSpectrogram(80);
        var frames = LogMelSpectrogram.ContentFrames(Jfk.Length) + LogMelSpectrogram.FramesPer30Seconds;

        var whole = front.Compute(Jfk, frames);
        var literal = front.ComputeUnpadded([.. Jfk, .. new float[LogMelSpectrogram.SamplesPer30Seconds]]);

        Assert.Equal(4100, frames);
        Assert.Equal(literal.Length, whole.Length);
        Assert.True(MaxAbsDifference(whole, literal).MaxError <= 1e-6);
    }

    [Fact]
    public void SliceFrames_WindowPastTheEnd_CopiesAndZeroPads()
    {
        // 2 bins × 5 frames: bin b, frame t holds 10·b + t.
        float[] mel = [0, 1, 2, 3, 4, 10, 11, 12, 13, 14];
        var window = new float[2 * 4];

        LogMelSpectrogram.SliceFrames(mel, melBins: 2, totalFrames: 5, startFrame: 3, frames: 4, window);

        Assert.Equal([3, 4, 0, 0, 13, 14, 0, 0], window);
    }

    [Fact]
    public void Compute_EmptyAudio_IsAllSilence()
    {
        var mel = new LogMelSpectrogram(80).Compute([], 100);

        Assert.All(mel, value => Assert.Equal((-10f + 4f) / 4f, value));
    }

    [Fact]
    public void Compute_128Bins_HasWhisperShapeAndRange()
    {
        var front = new LogMelSpectrogram(128);
        var mel = front.Compute(Jfk);

        Assert.Equal(128, front.MelBins);
        Assert.Equal(128 * 3000, mel.Length);
        Assert.All(mel, value => Assert.True(float.IsFinite(value)));
        Assert.InRange(mel.Max() - mel.Min(), 1.9f, 2f);
        // Speech energy sits in the low and middle bands: the speech frames' mean is well above the floor.
        var speech = mel.AsSpan(0, 1000).ToArray();
        Assert.True(speech.Average() > mel.Min() + 0.5f);
    }

    [Fact]
    public void Compute_128And80Bins_AgreeOnWhenThereIsSpeech()
    {
        var mel80 = new LogMelSpectrogram(80).ComputeUnpadded(Jfk);
        var mel128 = new LogMelSpectrogram(128).ComputeUnpadded(Jfk);

        var energy80 = FrameMeans(mel80, 80);
        var energy128 = FrameMeans(mel128, 128);

        Assert.True(Correlation(energy80, energy128) > 0.95);
    }

    [Fact]
    public void Compute_ConcurrentCalls_GiveTheSameResult()
    {
        var front = new LogMelSpectrogram(80);
        var expected = front.Compute(Jfk);
        var results = new float[4][];

        Parallel.For(0, results.Length, i => results[i] = front.Compute(Jfk));

        Assert.All(results, result => Assert.Equal(expected, result));
    }

    [Fact]
    public void Compute_OutputTooSmall_Throws()
    {
        var front = new LogMelSpectrogram(80);

        Assert.Throws<ArgumentException>(() => front.Compute(Jfk, 3000, new float[(80 * 3000) - 1]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    [InlineData(81)]
    public void Constructor_UnsupportedMelBins_Throws(int melBins)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LogMelSpectrogram(melBins));
    }

    private static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var floats = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, floats, 0, floats.Length * 4);
        return floats;
    }

    private static float[] FirstFrames(float[] mel, int melBins, int frames)
    {
        var totalFrames = mel.Length / melBins;
        var result = new float[melBins * frames];
        for (var bin = 0; bin < melBins; bin++)
        {
            mel.AsSpan(bin * totalFrames, frames).CopyTo(result.AsSpan(bin * frames));
        }

        return result;
    }

    private static (float MaxError, int Index) MaxAbsDifference(float[] actual, float[] expected)
    {
        var maxError = 0f;
        var index = -1;
        for (var i = 0; i < actual.Length; i++)
        {
            var error = MathF.Abs(actual[i] - expected[i]);
            if (!(error <= maxError))
            {
                maxError = error;
                index = i;
            }
        }

        return (maxError, index);
    }

    private static double[] FrameMeans(float[] mel, int melBins)
    {
        var frames = mel.Length / melBins;
        var means = new double[frames];
        for (var bin = 0; bin < melBins; bin++)
        {
            for (var t = 0; t < frames; t++)
            {
                means[t] += mel[(bin * frames) + t] / melBins;
            }
        }

        return means;
    }

    private static double Correlation(double[] a, double[] b)
    {
        double meanA = a.Average(), meanB = b.Average();
        double covariance = 0, varianceA = 0, varianceB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            covariance += (a[i] - meanA) * (b[i] - meanB);
            varianceA += (a[i] - meanA) * (a[i] - meanA);
            varianceB += (b[i] - meanB) * (b[i] - meanB);
        }

        return covariance / Math.Sqrt(varianceA * varianceB);
    }
}
