using System.Globalization;
using System.Text.Json;
using Eavesdrop.Bench;
using Eavesdrop.Client.Audio;
using Eavesdrop.Engine.Whisper.Runtime;
using Spectre.Console;

// Eavesdrop.Bench --models DIR [--audio FILE] [--out FILE] [--sizes tiny,base] [--iterations N] [--threads N]
// DIR holds one synthetic model per size (DIR/tiny, DIR/base), each with fp32 and quantized files.
var arguments = ParseArguments(args);
var modelsDirectory = arguments.GetValueOrDefault("models") ?? Path.Combine(".cache", "whisper-synth");
var audioPath = arguments.GetValueOrDefault("audio") ?? Path.Combine("..", "shared", "audio", "jfk.wav");
var outputPath = arguments.GetValueOrDefault("out") ?? Path.Combine("bench", "results", "whisper.json");
var sizes = (arguments.GetValueOrDefault("sizes") ?? "tiny,base").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var iterations = int.Parse(arguments.GetValueOrDefault("iterations") ?? "5", CultureInfo.InvariantCulture);
var threads = int.Parse(arguments.GetValueOrDefault("threads") ?? "0", CultureInfo.InvariantCulture);

var startedAt = DateTimeOffset.UtcNow;
var jfk = await new FfmpegAudioDecoder().DecodeAllAsync(audioPath);
var audio60s = Tile(jfk, 60 * 16000);

var results = new List<WhisperBenchResult>();
SphinxBenchResult? sphinx = null;
WhisperModelVariant[] variants = [WhisperModelVariant.Fp32, WhisperModelVariant.Int8];
await AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
    .StartAsync(async context =>
    {
        var overall = context.AddTask("benchmarks", maxValue: (sizes.Length * variants.Length) + 1);
        foreach (var size in sizes)
        {
            foreach (var variant in variants)
            {
                var benchmark = new WhisperBenchmark(size, Path.Combine(modelsDirectory, size), variant, threads);
                results.Add(await benchmark.RunAsync(audio60s, iterations, text => overall.Description = Markup.Escape(text)));
                overall.Increment(1);
            }
        }

        overall.Description = "pocketsphinx: jfk.wav";
        sphinx = await SphinxBenchmark.RunAsync(Path.GetFileName(audioPath), jfk, Math.Max(1, iterations / 2));
        overall.Increment(1);
        overall.Description = "done";
    });

var table = new Table().Title("Whisper on ONNX Runtime — synthetic random-weight models at real dimensions");
foreach (var column in new[] { "size", "variant", "d_model×layers", "load s", "encoder ms / 30 s", "decoder ms / token", "RTF (60 s)", "tokens in 60 s" })
{
    table.AddColumn(new TableColumn(column).RightAligned());
}

foreach (var r in results)
{
    table.AddRow(r.Size, r.Variant, $"{r.DModel}×{r.Layers}", F(r.LoadSeconds, "0.00"), F(r.EncoderMsPerWindow, "0.0"), F(r.DecoderMsPerToken, "0.00"), F(r.RealTimeFactor, "0.000"), r.TokensDecoded.ToString(CultureInfo.InvariantCulture));
}

AnsiConsole.Write(table);
if (sphinx is not null)
{
    AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, $"PocketSphinx on {Markup.Escape(sphinx.Audio)} ({sphinx.AudioSeconds:0.0} s): {sphinx.MedianSeconds:0.000} s, RTF {sphinx.RealTimeFactor:0.000}");
}

var loadAverage = ReadLoadAverage();
var report = new BenchReport
{
    StartedAt = startedAt,
    Machine = Environment.MachineName,
    ProcessorCount = Environment.ProcessorCount,
    LoadAverage = loadAverage,
    IntraOpThreads = threads > 0 ? threads : Environment.ProcessorCount,
    Note = "Random-weight models with the real tiny/base tensor shapes (tools/whisper-synth). Times are medians; "
        + "the RTF decodes whatever the random weights emit at temperature 0 (see tokens_decoded), so compare RTFs only between runs of the same models. "
        + "int8 = the _quantized files.",
    Whisper = results,
    PocketSphinx = sphinx,
};
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
await File.WriteAllTextAsync(outputPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }) + "\n");
AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, $"Wrote {Markup.Escape(outputPath)} (load average {loadAverage:0.0} on {Environment.ProcessorCount} cores).");
return 0;

static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

static float[] Tile(float[] source, int length)
{
    var result = new float[length];
    for (var offset = 0; offset < length; offset += source.Length)
    {
        source.AsSpan(0, Math.Min(source.Length, length - offset)).CopyTo(result.AsSpan(offset));
    }

    return result;
}

static double ReadLoadAverage()
{
    try
    {
        return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
    }
    catch (IOException)
    {
        return double.NaN;
    }
}

static Dictionary<string, string> ParseArguments(string[] args)
{
    var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        parsed[args[i].TrimStart('-')] = args[i + 1];
    }

    return parsed;
}
