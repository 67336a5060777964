using Eavesdrop.Client.Audio;
using Eavesdrop.Engine;
using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Whisper.Models;
using Spectre.Console;

namespace Eavesdrop.Cli.Transcribe;

/// <summary>
/// Runs <c>eavesdrop transcribe</c>: loads the engine once (downloading a named Whisper model with a
/// progress bar), then decodes and transcribes each file with a progress bar on stderr, and writes the
/// result to stdout or <c>--output-dir</c>. A file that fails is reported and the rest still run.
/// </summary>
internal sealed class TranscribeRunner(TranscribeSettings settings, TextWriter stdout, TextWriter stderr)
{
    private readonly FfmpegAudioDecoder _audioDecoder = new();
    private readonly IAnsiConsole _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        ISpeechEngine engine;
        try
        {
            engine = await LoadEngineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is EngineException or DllNotFoundException)
        {
            await stderr.WriteLineAsync($"eavesdrop transcribe: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await using (engine.ConfigureAwait(false))
        {
            if (settings.OutputDirectory is { } outputDirectory)
            {
                Directory.CreateDirectory(outputDirectory);
            }

            var formatter = TranscriptFormatters.For(settings.Format, compact: settings.OutputDirectory is null && settings.Files.Count > 1);
            var failures = 0;
            foreach (var file in settings.Files)
            {
                try
                {
                    var transcript = await TranscribeFileAsync(engine, file, cancellationToken).ConfigureAwait(false);
                    await WriteAsync(formatter, transcript, file).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One bad file (undecodable, engine fault) must not lose the others' transcripts.
                    failures++;
                    await stderr.WriteLineAsync($"eavesdrop transcribe: {file}: {ex.Message}").ConfigureAwait(false);
                }
            }

            return failures == 0 ? ExitCodes.Success : ExitCodes.Failure;
        }
    }

    private async Task<ISpeechEngine> LoadEngineAsync(CancellationToken cancellationToken)
    {
        if (!settings.ShowProgress)
        {
            return await EngineFactory.CreateAsync(settings.Engine, progress: null, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        ISpeechEngine? engine = null;
        await NewProgress().StartAsync(async context =>
        {
            var download = new DownloadProgressBar(context);
            engine = await EngineFactory.CreateAsync(settings.Engine, download, cancellationToken: cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return engine!;
    }

    private async Task<FileTranscript> TranscribeFileAsync(ISpeechEngine engine, string file, CancellationToken cancellationToken)
    {
        var transcriber = new FileTranscriber(engine, settings.Decoding);
        if (!settings.ShowProgress)
        {
            var audio = await _audioDecoder.DecodeAllAsync(file, cancellationToken).ConfigureAwait(false);
            return await Task.Run(() => transcriber.Transcribe(file, audio, null, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        FileTranscript? transcript = null;
        await NewProgress().StartAsync(async context =>
        {
            var bar = context.AddTask(Markup.Escape(Path.GetFileName(file)), maxValue: 1);
            bar.IsIndeterminate = true;
            var audio = await _audioDecoder.DecodeAllAsync(file, cancellationToken).ConfigureAwait(false);
            var seconds = Math.Max(audio.Length / (double)TranscriptionRequest.SampleRate, 0.001);
            bar.IsIndeterminate = false;
            bar.MaxValue = seconds;
            transcript = await Task.Run(() => transcriber.Transcribe(file, audio, done => bar.Value = Math.Min(done, seconds), cancellationToken), cancellationToken).ConfigureAwait(false);
            bar.Value = seconds;
        }).ConfigureAwait(false);
        return transcript!;
    }

    private async Task WriteAsync(ITranscriptFormatter formatter, FileTranscript transcript, string file)
    {
        if (settings.OutputDirectory is null)
        {
            formatter.Write(transcript, stdout);
            await stdout.FlushAsync().ConfigureAwait(false);
            return;
        }

        var path = Path.Combine(settings.OutputDirectory, Path.GetFileNameWithoutExtension(file) + "." + formatter.Extension);
        var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        await using (writer.ConfigureAwait(false))
        {
            formatter.Write(transcript, writer);
        }

        await stderr.WriteLineAsync($"{file} -> {path}").ConfigureAwait(false);
    }

    private Progress NewProgress() => _console.Progress()
        .AutoClear(false)
        .HideCompleted(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn());

    /// <summary>Shows a model download as one bar in bytes, created on the first report.</summary>
    private sealed class DownloadProgressBar(ProgressContext context) : IProgress<ModelDownloadProgress>
    {
        private ProgressTask? _bar;

        public void Report(ModelDownloadProgress value)
        {
            if (value.Stage is ModelDownloadStage.Completed && _bar is null)
            {
                return;
            }

            _bar ??= context.AddTask($"model {Markup.Escape(value.Model)}", maxValue: 1);
            if (value.TotalBytes is { } total && total > 0)
            {
                _bar.IsIndeterminate = false;
                _bar.MaxValue = total;
                _bar.Value = value.BytesDownloaded;
            }
            else
            {
                _bar.IsIndeterminate = true;
            }

            var stage = value.Stage switch
            {
                ModelDownloadStage.WaitingForLock => "waiting for another download",
                ModelDownloadStage.Checking => "checking",
                ModelDownloadStage.Verifying => "verifying " + value.File,
                ModelDownloadStage.Completed => "ready",
                _ => value.File ?? "downloading",
            };
            _bar.Description = Markup.Escape($"model {value.Model}: {stage}");
        }
    }
}
