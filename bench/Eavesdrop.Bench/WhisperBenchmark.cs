using System.Diagnostics;
using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Whisper;
using Eavesdrop.Engine.Whisper.Audio;
using Eavesdrop.Engine.Whisper.Runtime;

namespace Eavesdrop.Bench;

/// <summary>Times one synthetic Whisper model (one size, one variant): encoder, decoder step, 60 s real-time factor.</summary>
internal sealed class WhisperBenchmark(string size, string modelDirectory, WhisperModelVariant variant, int intraOpThreads)
{
    /// <summary>KV-cached steps timed per run after a 4-token prompt (a typical segment's length).</summary>
    public const int DecoderSteps = 64;

    private const int Warmup = 1;

    private string VariantName => variant == WhisperModelVariant.Int8 ? "int8" : "fp32";

    public async Task<WhisperBenchResult> RunAsync(float[] audio60s, int iterations, Action<string> status)
    {
        status($"{size} {VariantName}: loading");
        var loadStart = Stopwatch.GetTimestamp();
        var engine = WhisperEngine.Load(modelDirectory, new WhisperEngineOptions { Variant = variant, IntraOpThreads = intraOpThreads, MaxBatchSize = 1 });
        await using var engineLifetime = engine.ConfigureAwait(false);
        var loadSeconds = Stopwatch.GetElapsedTime(loadStart).TotalSeconds;
        var model = engine.Model;
        var config = model.Config;

        status($"{size} {VariantName}: encoder");
        var mel = new LogMelSpectrogram(config.NumMelBins).Compute(audio60s.AsSpan(0, LogMelSpectrogram.SamplesPer30Seconds));
        float[] encoded = [];
        var encoderMs = Timing.Median(Timing.Measure(() => encoded = model.Encoder.Encode(mel, 1, LogMelSpectrogram.FramesPer30Seconds), Warmup, iterations));

        status($"{size} {VariantName}: decoder");
        var tokenizer = model.Tokenizer;
        long[] prompt = tokenizer.IsMultilingual
            ? [tokenizer.StartOfTranscript, tokenizer.LanguageToken("en"), tokenizer.Transcribe, tokenizer.NoTimestamps]
            : [tokenizer.StartOfTranscript, tokenizer.NoTimestamps];
        var encoderLength = encoded.Length / config.DModel;
        var perToken = new List<double>();
        for (var run = 0; run < Warmup + iterations; run++)
        {
            model.Decoder.Prefill(prompt, 1, prompt.Length, encoded, encoderLength, out var cache);
            var start = Stopwatch.GetTimestamp();
            for (var step = 0; step < DecoderSteps; step++)
            {
                // Any ordinary text token: a step's cost does not depend on which one.
                model.Decoder.Step([440], 1, cache);
            }

            if (run >= Warmup)
            {
                perToken.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds / DecoderSteps);
            }
        }

        status($"{size} {VariantName}: 60 s file");
        // One temperature: random weights fail every quality guard, and the fallback would multiply the work by six.
        var options = DecodingOptions.Default with { Language = tokenizer.IsMultilingual ? "en" : null, Temperatures = [0f] };
        var tokens = 0;
        var fileMs = Timing.Median(Timing.Measure(
            () =>
            {
                tokens = 0;
                for (var offset = 0; offset < audio60s.Length; offset += LogMelSpectrogram.SamplesPer30Seconds)
                {
                    var window = audio60s.AsMemory(offset, Math.Min(LogMelSpectrogram.SamplesPer30Seconds, audio60s.Length - offset));
                    var result = engine.Transcribe([new TranscriptionRequest(window, options)], CancellationToken.None)[0];
                    tokens += result.Segments.Sum(s => s.Tokens.Count);
                }
            },
            Warmup,
            Math.Max(1, iterations / 2)));

        return new WhisperBenchResult
        {
            Size = size,
            Variant = VariantName,
            DModel = config.DModel,
            Layers = config.EncoderLayers,
            LoadSeconds = Math.Round(loadSeconds, 2),
            EncoderMsPerWindow = Math.Round(encoderMs, 1),
            DecoderMsPerToken = Math.Round(Timing.Median(perToken), 2),
            DecoderStepsPerRun = DecoderSteps,
            AudioSeconds = audio60s.Length / (double)LogMelSpectrogram.SampleRate,
            RealTimeFactor = Math.Round(fileMs / 1000 / (audio60s.Length / (double)LogMelSpectrogram.SampleRate), 4),
            TokensDecoded = tokens,
        };
    }
}
