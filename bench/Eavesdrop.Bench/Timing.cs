using System.Diagnostics;

namespace Eavesdrop.Bench;

/// <summary>A hand-rolled timing harness: warm-up runs that are discarded, then timed iterations.</summary>
internal static class Timing
{
    /// <summary>Milliseconds of each timed iteration of <paramref name="action"/>.</summary>
    public static double[] Measure(Action action, int warmup, int iterations)
    {
        for (var i = 0; i < warmup; i++)
        {
            action();
        }

        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return samples;
    }

    public static double Median(IReadOnlyList<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
