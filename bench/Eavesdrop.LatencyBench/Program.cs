using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Eavesdrop.LatencyBench;
using Spectre.Console;

// Finalisation latency, silence cost and a capacity hint of the real `eavesdrop serve --engine sphinx`
// on 127.0.0.1, driven by real TranscriberClients streaming in real time. See bench/latency.sh.
var arguments = BenchArguments.Parse(args);
var startedAt = DateTimeOffset.UtcNow;
var loadAtStart = LoadAverage.Read();
var wall = Stopwatch.StartNew();
using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(10)); // stops by itself even if the server hangs
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var speech = await Clip.LoadSpeechAsync(arguments.AudioPath, TimeSpan.FromSeconds(3), stop.Token);
var silence = Clip.Silence(TimeSpan.FromSeconds(arguments.SilenceSeconds));
var latencyPlan = new[] { 1 }.Concat(arguments.Concurrency).Select(n => (Clients: n, Rounds: arguments.Runs)).ToArray();

var latencyRounds = new List<RoundResult>();
var speechAtSilenceClients = new List<RoundResult>();
var capacity = new List<LatencySummary>();
RoundResult? silenceRound = null;
var capacityHint = 0;

await using var server = await ServerProcess.StartAsync(Path.GetFullPath(arguments.EavesdropDll), TimeSpan.FromSeconds(60), stop.Token);
AnsiConsole.MarkupLine(CultureInfo.InvariantCulture,
    $"Server pid {server.Id} at {server.Address}; clip {Markup.Escape(speech.Name)}: {speech.Seconds:0.00} s, speech ends at {speech.SpeechEndSeconds:0.00} s; load average {loadAtStart[0]:0.00}");

await AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
    .StartAsync(async context =>
    {
        var latencyTask = context.AddTask("1. finalisation latency", maxValue: latencyPlan.Sum(p => p.Rounds));
        var silenceTask = context.AddTask("2. silence cost", maxValue: 1);
        var capacityTask = context.AddTask("3. capacity", maxValue: arguments.Capacity.Count * arguments.CapacityRounds);

        foreach (var (clients, rounds) in latencyPlan)
        {
            for (var round = 1; round <= rounds; round++)
            {
                latencyTask.Description = $"1. latency: {clients} client(s), round {round}/{rounds}";
                latencyRounds.Add(await LoadRound.RunAsync(server, speech, clients, stop.Token));
                latencyTask.Increment(1);
            }
        }

        latencyTask.Description = "1. finalisation latency";
        speechAtSilenceClients.AddRange(latencyRounds.Where(r => r.Clients == arguments.SilenceClients));
        if (speechAtSilenceClients.Count == 0)
        {
            silenceTask.MaxValue = 2;
            silenceTask.Description = $"2. speech: {arguments.SilenceClients} clients";
            speechAtSilenceClients.Add(await LoadRound.RunAsync(server, speech, arguments.SilenceClients, stop.Token));
            silenceTask.Increment(1);
        }

        silenceTask.Description = $"2. silence: {arguments.SilenceClients} clients, {silence.Seconds:0} s";
        silenceRound = await LoadRound.RunAsync(server, silence, arguments.SilenceClients, stop.Token);
        silenceTask.Increment(silenceTask.MaxValue);
        silenceTask.Description = "2. silence cost";

        foreach (var clients in arguments.Capacity)
        {
            var rounds = new List<RoundResult>();
            for (var round = 1; round <= arguments.CapacityRounds; round++)
            {
                capacityTask.Description = $"3. capacity: {clients} client(s), round {round}/{arguments.CapacityRounds}";
                rounds.Add(await LoadRound.RunAsync(server, speech, clients, stop.Token));
                capacityTask.Increment(1);
            }

            var summary = LatencySummary.Of(clients, rounds);
            capacity.Add(summary);
            if (summary.Missing > 0 || summary.MedianSeconds >= arguments.ThresholdSeconds)
            {
                break;
            }

            capacityHint = clients;
        }

        capacityTask.Value = capacityTask.MaxValue;
        capacityTask.Description = "3. capacity";
    });

var exitCode = await server.StopAsync(TimeSpan.FromSeconds(15));
var latency = latencyPlan.Select(p => LatencySummary.Of(p.Clients, latencyRounds.Where(r => r.Clients == p.Clients))).ToList();

AnsiConsole.Write(Tables.Latency(latency, latencyRounds));
AnsiConsole.Write(Tables.SilenceCost(silenceRound!, speechAtSilenceClients));
AnsiConsole.Write(Tables.Capacity(capacity, arguments.ThresholdSeconds));
AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, $"Capacity hint: [bold]{capacityHint}[/] real-time client(s) with median finalisation latency under {arguments.ThresholdSeconds:0.#} s.");

var loadAtEnd = LoadAverage.Read();
var report = new LatencyBenchReport
{
    StartedAt = startedAt,
    RunSeconds = wall.Elapsed.TotalSeconds,
    Machine = Environment.MachineName,
    ProcessorCount = Environment.ProcessorCount,
    LoadAverageStart = loadAtStart,
    LoadAverageEnd = loadAtEnd,
    ServerCommand = $"dotnet {arguments.EavesdropDll} serve --engine sphinx --host 127.0.0.1 --port 0 --json-logs (exit code {exitCode} after SIGTERM)",
    Clip = speech.Name,
    ClipSeconds = speech.Seconds,
    SpeechEndSeconds = speech.SpeechEndSeconds ?? 0,
    Note = $"Clients stream 100 ms frames in real time. Latency = wall clock from sending the frame holding the last speech sample to receiving the first completed segment with end >= speech end - {StreamingClient.EndTolerance} s; "
        + "a missing latency (never completed) counts as +Infinity. CPU = server utime+stime from /proc over the round (includes connection setup and teardown).",
    Latency = latency,
    LatencyRounds = latencyRounds,
    Silence = silenceRound!,
    SpeechAtSilenceClients = speechAtSilenceClients,
    CapacityThresholdSeconds = arguments.ThresholdSeconds,
    Capacity = capacity,
    CapacityHint = capacityHint,
};
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(arguments.OutputPath))!);
var json = JsonSerializer.Serialize(report, new JsonSerializerOptions
{
    WriteIndented = true,
    PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file for people: keep >= and + readable
});
await File.WriteAllTextAsync(arguments.OutputPath, json + "\n");
AnsiConsole.MarkupLine(CultureInfo.InvariantCulture,
    $"Wrote {Markup.Escape(arguments.OutputPath)} in {wall.Elapsed.TotalSeconds:0} s (load average {loadAtStart[0]:0.00} → {loadAtEnd[0]:0.00} on {Environment.ProcessorCount} cores).");
return 0;
