using System.Globalization;
using Spectre.Console;

namespace Eavesdrop.LatencyBench;

/// <summary>The Spectre tables printed at the end, one per section.</summary>
internal static class Tables
{
    public static Table Latency(IEnumerable<LatencySummary> summaries, IReadOnlyList<RoundResult> rounds)
    {
        var table = Create("1. Finalisation latency (speech end sent → completed segment received)",
            "clients", "rounds", "samples", "median s", "p90 s", "missing", "only after END_OF_AUDIO");
        foreach (var s in summaries)
        {
            var own = rounds.Where(r => r.Clients == s.Clients).ToList();
            table.AddRow(I(s.Clients), I(own.Count), I(s.Samples), F(s.MedianSeconds, "0.000"), F(s.P90Seconds, "0.000"), I(s.Missing), I(own.Sum(r => r.FinalisedAfterEndOfAudio)));
        }

        return table;
    }

    public static Table SilenceCost(RoundResult silence, IReadOnlyList<RoundResult> speech)
    {
        var table = Create("2. Silence cost (server CPU and engine inferences)",
            "audio", "clients", "audio s / client", "server CPU s", "CPU ms per client-audio-s", "inferences", "inferences / client");
        AddCostRow(table, silence);
        foreach (var round in speech)
        {
            AddCostRow(table, round);
        }

        return table;
    }

    public static Table Capacity(IEnumerable<LatencySummary> summaries, double thresholdSeconds)
    {
        var table = Create($"3. Capacity (latencies pooled over the rounds of each count; stops at the first median ≥ {thresholdSeconds:0.#} s)",
            "clients", "samples", "median s", "p90 s", "missing", "under threshold");
        foreach (var s in summaries)
        {
            var ok = s.Missing == 0 && s.MedianSeconds < thresholdSeconds;
            table.AddRow(I(s.Clients), I(s.Samples), F(s.MedianSeconds, "0.000"), F(s.P90Seconds, "0.000"), I(s.Missing), ok ? "[green]yes[/]" : "[red]no[/]");
        }

        return table;
    }

    private static void AddCostRow(Table table, RoundResult r) =>
        table.AddRow(Markup.Escape(r.Clip), I(r.Clients), F(r.AudioSecondsPerClient, "0.0"), F(r.ServerCpuSeconds, "0.00"),
            F(r.CpuPerClientAudioSecond * 1000, "0.0"), I(r.Inferences), F((double)r.Inferences / r.Clients, "0.0"));

    private static Table Create(string title, params string[] columns)
    {
        var table = new Table().Title(title);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        return table;
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(double value, string format) =>
        double.IsPositiveInfinity(value) ? "∞" : value.ToString(format, CultureInfo.InvariantCulture);
}
