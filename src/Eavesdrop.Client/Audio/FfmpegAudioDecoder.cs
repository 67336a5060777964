using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Eavesdrop.Protocol;

namespace Eavesdrop.Client.Audio;

/// <summary>
/// Decodes anything ffmpeg can read into 16 kHz mono float32 samples, streamed in chunks as
/// ffmpeg produces them. Each enumeration runs one ffmpeg process and kills it if the
/// enumeration stops early (break, cancellation, exception).
/// </summary>
public sealed class FfmpegAudioDecoder
{
    /// <summary>Samples per chunk unless told otherwise: 100 ms.</summary>
    public const int DefaultChunkSamples = ProtocolConstants.SampleRateHz / 10;

    private const int MaxStderrChars = 8192;

    /// <param name="ffmpegPath">The ffmpeg executable; a bare name is looked up on PATH.</param>
    public FfmpegAudioDecoder(string ffmpegPath = "ffmpeg")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ffmpegPath);
        FfmpegPath = ffmpegPath;
    }

    public string FfmpegPath { get; }

    /// <summary>Decodes the file at <paramref name="path"/> into chunks of <paramref name="chunkSamples"/> samples (the last may be shorter).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="AudioDecodingException">ffmpeg is missing or fails to decode the file.</exception>
    public IAsyncEnumerable<float[]> DecodeAsync(string path, int chunkSamples = DefaultChunkSamples, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSamples);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Audio file not found: {path}", path);
        }

        return RunAsync(Path.GetFullPath(path), input: null, chunkSamples, cancellationToken);
    }

    /// <summary>Decodes the bytes of <paramref name="input"/> (any container ffmpeg can probe from a pipe).</summary>
    public IAsyncEnumerable<float[]> DecodeAsync(Stream input, int chunkSamples = DefaultChunkSamples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSamples);
        return RunAsync("pipe:0", input, chunkSamples, cancellationToken);
    }

    /// <summary>Decodes the whole file into one array.</summary>
    public async Task<float[]> DecodeAllAsync(string path, CancellationToken cancellationToken = default)
    {
        var samples = new List<float>();
        await foreach (var chunk in DecodeAsync(path, ProtocolConstants.SampleRateHz, cancellationToken).ConfigureAwait(false))
        {
            samples.AddRange(chunk);
        }

        return [.. samples];
    }

    private async IAsyncEnumerable<float[]> RunAsync(string inputArgument, Stream? input, int chunkSamples, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var process = Start(inputArgument, redirectInput: input is not null);
        var stderr = new StringBuilder();
        var stderrTask = CollectStderrAsync(process.StandardError, stderr);
        var stdinTask = input is null ? Task.CompletedTask : PumpInputAsync(input, process.StandardInput.BaseStream, cancellationToken);
        var completed = false;
        try
        {
            var stdout = process.StandardOutput.BaseStream;
            var chunkBytes = chunkSamples * AudioFrames.BytesPerSample;
            var buffer = ArrayPool<byte>.Shared.Rent(chunkBytes);
            try
            {
                while (true)
                {
                    var filled = await ReadAtLeastAsync(stdout, buffer.AsMemory(0, chunkBytes), cancellationToken).ConfigureAwait(false);
                    var whole = filled - (filled % AudioFrames.BytesPerSample);
                    if (whole > 0)
                    {
                        var chunk = new float[whole / AudioFrames.BytesPerSample];
                        AudioFrames.TryReadSamples(buffer.AsSpan(0, whole), chunk, out _);
                        yield return chunk;
                    }

                    if (filled < chunkBytes)
                    {
                        break;
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            await stderrTask.ConfigureAwait(false);
            await stdinTask.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new AudioDecodingException(
                    $"ffmpeg could not decode {Describe(inputArgument)} (exit code {process.ExitCode}): {LastLines(stderr.ToString())}");
            }

            completed = true;
        }
        finally
        {
            if (!completed)
            {
                Kill(process);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                await Task.WhenAll(stderrTask, stdinTask).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    private Process Start(string inputArgument, bool redirectInput)
    {
        var startInfo = new ProcessStartInfo(FfmpegPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        string[] arguments =
        [
            "-hide_banner", "-loglevel", "error", "-nostats",
            .. redirectInput ? Array.Empty<string>() : ["-nostdin"],
            "-i", inputArgument,
            "-vn", "-ac", "1", "-ar", ProtocolConstants.SampleRateHz.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-f", "f32le", "-acodec", "pcm_f32le", "pipe:1",
        ];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(startInfo) ?? throw new AudioDecodingException($"Could not start {FfmpegPath}.");
        }
        catch (Win32Exception ex)
        {
            throw new AudioDecodingException($"Could not start '{FfmpegPath}' (is ffmpeg installed and on PATH?): {ex.Message}", ex);
        }
    }

    private static async Task<int> ReadAtLeastAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[filled..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    private static async Task PumpInputAsync(Stream input, Stream stdin, CancellationToken cancellationToken)
    {
        try
        {
            await input.CopyToAsync(stdin, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // ffmpeg stopped reading (it failed or has enough); its exit code tells the story.
        }
        finally
        {
            try
            {
                await stdin.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // broken pipe on close: same as above
            }
        }
    }

    private static async Task CollectStderrAsync(StreamReader reader, StringBuilder sink)
    {
        var buffer = new char[1024];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (sink)
            {
                sink.Append(buffer, 0, read);
                if (sink.Length > MaxStderrChars)
                {
                    sink.Remove(0, sink.Length - MaxStderrChars);
                }
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private static string Describe(string inputArgument) => inputArgument == "pipe:0" ? "the input stream" : $"'{inputArgument}'";

    private static string LastLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no output)" : string.Join(" | ", lines.TakeLast(3));
    }
}
