using System.Globalization;

namespace Eavesdrop.LatencyBench;

/// <summary>
/// <c>--dll PATH --audio PATH --out PATH --runs 5 --concurrency 4,8 --silence-clients 8
/// --silence-seconds 20 --capacity 1,2,4,8,12 --capacity-rounds 2 --threshold 2</c>; every option has a default.
/// </summary>
internal sealed record BenchArguments
{
    public string EavesdropDll { get; init; } = Path.Combine("src", "Eavesdrop.Cli", "bin", "Release", "net10.0", "eavesdrop.dll");

    public string AudioPath { get; init; } = "/usr/share/pocketsphinx/test/data/cards/005.wav";

    public string OutputPath { get; init; } = Path.Combine("bench", "results", "latency.json");

    /// <summary>Latency rounds per client count.</summary>
    public int Runs { get; init; } = 5;

    public IReadOnlyList<int> Concurrency { get; init; } = [4, 8];

    public int SilenceClients { get; init; } = 8;

    public double SilenceSeconds { get; init; } = 20;

    public IReadOnlyList<int> Capacity { get; init; } = [1, 2, 4, 8, 12];

    /// <summary>Rounds per client count in the capacity search (latencies pooled).</summary>
    public int CapacityRounds { get; init; } = 2;

    public double ThresholdSeconds { get; init; } = 2;

    public static BenchArguments Parse(string[] args)
    {
        var result = new BenchArguments();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            result = args[i] switch
            {
                "--dll" => result with { EavesdropDll = value },
                "--audio" => result with { AudioPath = value },
                "--out" => result with { OutputPath = value },
                "--runs" => result with { Runs = int.Parse(value, CultureInfo.InvariantCulture) },
                "--concurrency" => result with { Concurrency = Ints(value) },
                "--silence-clients" => result with { SilenceClients = int.Parse(value, CultureInfo.InvariantCulture) },
                "--silence-seconds" => result with { SilenceSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--capacity" => result with { Capacity = Ints(value) },
                "--capacity-rounds" => result with { CapacityRounds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--threshold" => result with { ThresholdSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        return result;
    }

    private static int[] Ints(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
}
