using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Sphinx;

namespace Eavesdrop.Bench;

/// <summary>PocketSphinx's real-time factor on the same audio, for comparison.</summary>
internal static class SphinxBenchmark
{
    public static async Task<SphinxBenchResult> RunAsync(string name, float[] audio, int iterations)
    {
        var engine = PocketSphinxEngine.Load(new PocketSphinxOptions { MaxDecoders = 1 });
        await using var lifetime = engine.ConfigureAwait(false);
        var request = new TranscriptionRequest(audio, DecodingOptions.Default);
        var ms = Timing.Median(Timing.Measure(() => engine.Transcribe([request], CancellationToken.None), warmup: 1, iterations));
        var seconds = audio.Length / (double)TranscriptionRequest.SampleRate;
        return new SphinxBenchResult
        {
            Audio = name,
            AudioSeconds = Math.Round(seconds, 2),
            MedianSeconds = Math.Round(ms / 1000, 3),
            RealTimeFactor = Math.Round(ms / 1000 / seconds, 4),
        };
    }
}
