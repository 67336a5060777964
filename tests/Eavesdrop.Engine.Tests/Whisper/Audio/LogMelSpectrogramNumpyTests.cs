using System.Diagnostics;
using Eavesdrop.Engine.Whisper.Audio;
using Eavesdrop.Tests.Common;

namespace Eavesdrop.Engine.Tests.Whisper.Audio;

/// <summary>
/// Compares the front end with an independent numpy implementation of whisper's recipe (Debian's python3-numpy),
/// for what the shipped reference file does not cover: 128 bins and the 30 s padded window.
/// </summary>
public sealed class LogMelSpectrogramNumpyTests
{
    private const string NumpyLogMel = """
        import sys, wave
        import numpy as np
        wav, npz, n_mels, padding, frames, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
        with wave.open(wav) as w:
            audio = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0
        audio = np.concatenate([audio, np.zeros(padding)])
        x = np.pad(audio, 200, mode="reflect")
        n = 1 + len(audio) // 160
        window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(400) / 400)
        power = np.empty((n, 201))
        for start in range(0, n, 1000):
            idx = np.arange(400)[None, :] + 160 * np.arange(start, min(n, start + 1000))[:, None]
            power[start:start + len(idx)] = np.abs(np.fft.rfft(x[idx] * window, axis=1)) ** 2
        mel = np.load(npz)[f"mel_{n_mels}"].astype(np.float64) @ power[:-1].T
        log = np.log10(np.maximum(mel, 1e-10))
        log = np.maximum(log, log.max() - 8.0)
        ((log + 4.0) / 4.0)[:, :frames].astype("<f4").tofile(out)
        """;

    [Theory]
    [InlineData(128, 0, 1100)]
    [InlineData(128, LogMelSpectrogram.SamplesPer30Seconds, LogMelSpectrogram.FramesPer30Seconds)]
    [InlineData(80, LogMelSpectrogram.SamplesPer30Seconds, LogMelSpectrogram.FramesPer30Seconds)]
    public async Task Compute_Jfk_MatchesNumpy(int melBins, int padding, int frames)
    {
        var audio = PcmWavReader.ReadMono16(TestPaths.JfkWav, out _);
        var front = new LogMelSpectrogram(melBins);
        var mel = padding == 0 ? front.ComputeUnpadded(audio) : front.Compute(audio, frames);

        var expected = await RunNumpyAsync(melBins, padding, frames);

        Assert.Equal(expected.Length, mel.Length);
        var maxError = 0f;
        for (var i = 0; i < mel.Length; i++)
        {
            maxError = MathF.Max(maxError, MathF.Abs(mel[i] - expected[i]));
        }

        Assert.True(maxError <= 1e-4, $"max |error| {maxError}");
    }

    private static async Task<float[]> RunNumpyAsync(int melBins, int padding, int frames)
    {
        var output = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardInput = true };
            foreach (var argument in new[]
            {
                "-", TestPaths.JfkWav, Path.Combine(TestPaths.WhisperAssets, "mel_filters.npz"),
                melBins.ToString(System.Globalization.CultureInfo.InvariantCulture),
                padding.ToString(System.Globalization.CultureInfo.InvariantCulture),
                frames.ToString(System.Globalization.CultureInfo.InvariantCulture), output,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var python = Process.Start(start)!;
            await python.StandardInput.WriteAsync(NumpyLogMel);
            python.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var errors = await python.StandardError.ReadToEndAsync(timeout.Token);
            await python.WaitForExitAsync(timeout.Token);
            Assert.True(python.ExitCode == 0, $"numpy reference failed: {errors}");

            var bytes = await File.ReadAllBytesAsync(output);
            var floats = new float[bytes.Length / 4];
            Buffer.BlockCopy(bytes, 0, floats, 0, floats.Length * 4);
            return floats;
        }
        finally
        {
            File.Delete(output);
        }
    }
}
