using System.Globalization;

namespace Eavesdrop.LatencyBench;

/// <summary>The 1, 5 and 15-minute load averages from <c>/proc/loadavg</c>.</summary>
internal static class LoadAverage
{
    public static double[] Read() =>
        [.. File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
}
