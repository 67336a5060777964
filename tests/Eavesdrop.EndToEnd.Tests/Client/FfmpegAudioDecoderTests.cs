using System.Buffers.Binary;
using System.Diagnostics;
using Eavesdrop.Client.Audio;
using Eavesdrop.Tests.Common;

namespace Eavesdrop.EndToEnd.Tests.Client;

public class FfmpegAudioDecoderTests
{
    /// <summary>The 16-bit samples of a canonical PCM WAV, read without ffmpeg, scaled to [-1, 1).</summary>
    internal static float[] ReadPcm16Wav(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            if (id == "data")
            {
                var samples = new float[size / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(offset + 8 + (i * 2))) / 32768f;
                }

                return samples;
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"No data chunk in {path}");
    }

    private static double Rms(IReadOnlyList<float> samples) =>
        Math.Sqrt(samples.Sum(s => (double)s * s) / samples.Count);

    [Fact]
    public async Task DecodeAllAsync_JfkWav_MatchesTheWavSamples()
    {
        var expected = ReadPcm16Wav(TestPaths.JfkWav);

        var decoded = await new FfmpegAudioDecoder().DecodeAllAsync(TestPaths.JfkWav, TestContext.Current.CancellationToken);

        Assert.Equal(176000, expected.Length); // 11.0 s at 16 kHz
        Assert.Equal(expected.Length, decoded.Length);
        Assert.InRange(Rms(decoded), 0.01, 0.5); // speech, not silence or clipping
        Assert.Equal(Rms(expected), Rms(decoded), 4);
        Assert.Equal(expected[88000], decoded[88000], 4);
    }

    [Fact]
    public async Task DecodeAsync_ChunkSize_YieldsFullChunksThenRemainder()
    {
        var chunks = new List<float[]>();
        await foreach (var chunk in new FfmpegAudioDecoder().DecodeAsync(TestPaths.JfkWav, 1600 * 3 + 7, TestContext.Current.CancellationToken))
        {
            chunks.Add(chunk);
        }

        Assert.All(chunks[..^1], c => Assert.Equal(4807, c.Length));
        Assert.InRange(chunks[^1].Length, 1, 4807);
        Assert.Equal(176000, chunks.Sum(c => c.Length));
    }

    [Fact]
    public async Task DecodeAsync_FromStream_EqualsDecodingThePath()
    {
        var decoder = new FfmpegAudioDecoder();
        var fromPath = await decoder.DecodeAllAsync(TestPaths.JfkWav, TestContext.Current.CancellationToken);
        var fromStream = new List<float>();
        await using var stream = File.OpenRead(TestPaths.JfkWav);

        await foreach (var chunk in decoder.DecodeAsync(stream, cancellationToken: TestContext.Current.CancellationToken))
        {
            fromStream.AddRange(chunk);
        }

        Assert.Equal(fromPath, fromStream);
    }

    [Fact]
    public async Task DecodeAllAsync_StereoMp3At44100_ResamplesToMono16k()
    {
        var dir = Directory.CreateTempSubdirectory("eavesdrop-decoder-");
        try
        {
            var mp3 = Path.Combine(dir.FullName, "tone.mp3");
            using (var ffmpeg = Process.Start("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=2", "-ac", "2", mp3]))
            {
                await ffmpeg.WaitForExitAsync(TestContext.Current.CancellationToken);
                Assert.Equal(0, ffmpeg.ExitCode);
            }

            var decoded = await new FfmpegAudioDecoder().DecodeAllAsync(mp3, TestContext.Current.CancellationToken);

            Assert.InRange(decoded.Length, 31000, 33500); // 2 s at 16 kHz, give or take the mp3 padding
            Assert.InRange(Rms(decoded), 0.07, 0.11); // ffmpeg's sine has amplitude 1/8: rms ≈ 0.088
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task DecodeAllAsync_NotAudio_ThrowsWithFfmpegsReason()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "this is not audio", TestContext.Current.CancellationToken);

            var ex = await Assert.ThrowsAsync<AudioDecodingException>(() => new FfmpegAudioDecoder().DecodeAllAsync(path, TestContext.Current.CancellationToken));

            Assert.Contains("ffmpeg could not decode", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task DecodeAllAsync_MissingFfmpeg_ThrowsClearError()
    {
        var ex = await Assert.ThrowsAsync<AudioDecodingException>(
            () => new FfmpegAudioDecoder("/nonexistent/ffmpeg").DecodeAllAsync(TestPaths.JfkWav, TestContext.Current.CancellationToken));

        Assert.Contains("is ffmpeg installed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeAsync_MissingFile_ThrowsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => new FfmpegAudioDecoder().DecodeAsync("/nonexistent/x.wav", cancellationToken: TestContext.Current.CancellationToken));

    [Fact]
    public async Task DecodeAsync_StoppedEarly_KillsFfmpeg()
    {
        // A uniquely named copy, so that only this test's ffmpeg matches.
        var path = Path.Combine(Path.GetTempPath(), $"eavesdrop-kill-{Guid.NewGuid():N}.wav");
        File.Copy(TestPaths.JfkWav, path);
        try
        {
            await foreach (var chunk in new FfmpegAudioDecoder().DecodeAsync(path, 160, TestContext.Current.CancellationToken))
            {
                // 11 s of float32 far exceeds the pipe buffer: ffmpeg is blocked, alive, right now.
                Assert.Equal(1, CountFfmpegProcessesReading(path));
                break;
            }

            Assert.Equal(0, CountFfmpegProcessesReading(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int CountFfmpegProcessesReading(string path) =>
        Directory.EnumerateDirectories("/proc")
            .Where(d => int.TryParse(Path.GetFileName(d), out _))
            .Count(d =>
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(d, "stat")).Split(' ');
                    var cmdline = File.ReadAllText(Path.Combine(d, "cmdline"));
                    return stat[2] != "Z" && cmdline.Contains(path, StringComparison.Ordinal);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return false; // exited meanwhile, or not ours
                }
            });
}
