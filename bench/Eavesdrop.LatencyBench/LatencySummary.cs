namespace Eavesdrop.LatencyBench;

/// <summary>Median and p90 of finalisation latencies pooled over rounds; a missing latency counts as infinitely late.</summary>
internal sealed record LatencySummary(int Clients, int Samples, int Missing, double MedianSeconds, double P90Seconds)
{
    public static LatencySummary Of(int clients, IEnumerable<RoundResult> rounds)
    {
        var latencies = rounds.SelectMany(r => r.LatenciesSeconds).Select(l => l ?? double.PositiveInfinity).Order().ToArray();
        return new LatencySummary(clients, latencies.Length, latencies.Count(double.IsPositiveInfinity), Percentile(latencies, 0.5), Percentile(latencies, 0.9));
    }

    /// <summary>Linear interpolation between closest ranks of a sorted array.</summary>
    private static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return low == high || double.IsPositiveInfinity(sorted[high]) ? sorted[high] : sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }
}
