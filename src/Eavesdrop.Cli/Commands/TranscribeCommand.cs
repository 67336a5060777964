using System.CommandLine;
using Eavesdrop.Cli.Transcribe;
using Eavesdrop.Engine;
using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Whisper.Models;
using Spectre.Console;

namespace Eavesdrop.Cli.Commands;

/// <summary><c>eavesdrop transcribe FILE…</c>: offline transcription of audio/video files (anything ffmpeg decodes).</summary>
internal static class TranscribeCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "Audio or video files (any format ffmpeg decodes).", Arity = ArgumentArity.OneOrMore };
        var engine = new Option<string>("--engine") { Description = "Speech engine: whisper or sphinx.", DefaultValueFactory = _ => EngineSelection.Whisper };
        engine.AcceptOnlyFromAmong(EngineSelection.Whisper, EngineSelection.Sphinx);
        var model = new Option<string?>("--model", "-m") { Description = $"Whisper: a model directory or a name ({string.Join(", ", WhisperModelCatalog.Models.Select(m => m.Name))}), downloaded once into the cache. Default: {EngineSelection.DefaultWhisperModel}. Sphinx: a model folder." };
        var variant = new Option<string?>("--variant") { Description = "Whisper weights: fp32, quantized or int8. Default: a named model downloads fp32; a directory loads fp32 if present, else its quantized files." };
        variant.AcceptOnlyFromAmong("fp32", "quantized", "int8");
        var modelCache = new Option<string?>("--model-cache") { Description = $"Where named models are downloaded (default {ModelStoreOptions.DefaultCacheDirectory})." };
        var format = new Option<string>("--format", "-f") { Description = "Output format: txt, json, srt or vtt.", DefaultValueFactory = _ => "txt" };
        format.AcceptOnlyFromAmong("txt", "json", "srt", "vtt");
        var outputDir = new Option<string?>("--output-dir", "-o") { Description = "Write <file>.<format> here instead of printing to stdout." };
        var language = new Option<string?>("--language", "-l") { Description = "Spoken language (ISO 639-1); detected when omitted." };
        var task = new Option<string>("--task") { Description = "transcribe, or translate (to English).", DefaultValueFactory = _ => "transcribe" };
        task.AcceptOnlyFromAmong("transcribe", "translate");
        var beamSize = new Option<int>("--beam-size") { Description = "Beam width; 1 = greedy.", DefaultValueFactory = _ => 1 };
        var noProgress = new Option<bool>("--no-progress") { Description = "Do not draw progress bars on stderr." };

        var command = new Command("transcribe", "Transcribe audio or video files offline.")
        {
            files, engine, model, variant, modelCache, format, outputDir, language, task, beamSize, noProgress,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            ModelVariant? modelVariant = ModelVariantNames.TryParse(parse.GetValue(variant), out var parsed) && parse.GetValue(variant) is not null ? parsed : null;
            var storeOptions = new ModelStoreOptions();
            if (parse.GetValue(modelCache) is { } cache)
            {
                storeOptions = storeOptions with { CacheDirectory = Path.GetFullPath(cache) };
            }

            var settings = new TranscribeSettings
            {
                Files = parse.GetValue(files) ?? [],
                Engine = new EngineSelection { Engine = parse.GetValue(engine)!, Model = parse.GetValue(model), Variant = modelVariant, ModelStore = storeOptions },
                Format = Enum.Parse<TranscriptFormat>(parse.GetValue(format)!, ignoreCase: true),
                OutputDirectory = parse.GetValue(outputDir),
                Decoding = new DecodingOptions
                {
                    Language = parse.GetValue(language),
                    Task = parse.GetValue(task) == "translate" ? TranscriptionTask.Translate : TranscriptionTask.Transcribe,
                    BeamSize = parse.GetValue(beamSize),
                },
                ShowProgress = !parse.GetValue(noProgress),
            };
            if (settings.Decoding.BeamSize < 1)
            {
                await Console.Error.WriteLineAsync("eavesdrop transcribe: --beam-size must be at least 1.").ConfigureAwait(false);
                return ExitCodes.BadArguments;
            }

            return await new TranscribeRunner(settings, Console.Out, Console.Error).RunAsync(cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
