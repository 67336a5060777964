using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.Cli.Transcribe;

/// <summary>
/// Walks a whole file's audio through an engine in windows of at most 30 s, the way Whisper's
/// <c>transcribe()</c> moves its seek: a window that is not the last keeps every segment but the
/// final one (which the window's edge may have cut) and the next window starts where that final
/// segment started; a window with fewer than two segments is consumed whole.
/// </summary>
/// <remarks>
/// The language detected in the first window is kept for the rest of the file, and the previous
/// window's text is passed as the prompt (<c>condition_on_previous_text</c>) unless that window
/// needed a high temperature, as Whisper does.
/// </remarks>
internal sealed class FileTranscriber(ISpeechEngine engine, DecodingOptions options)
{
    private const int SampleRate = TranscriptionRequest.SampleRate;

    /// <summary>A seek never advances by less than this, so a stubborn segment cannot stall the walk.</summary>
    private const double MinimumAdvanceSeconds = 1.0;

    private const float PromptResetTemperature = 0.5f;

    /// <param name="onProgress">Called with the seconds of audio consumed so far.</param>
    public FileTranscript Transcribe(string source, ReadOnlyMemory<float> audio, Action<double>? onProgress = null, CancellationToken cancellationToken = default)
    {
        var windowSamples = (int)(Math.Min(30, engine.Capabilities.MaxWindowSeconds) * SampleRate);
        var segments = new List<EngineSegment>();
        var windowOptions = options;
        string? language = options.Language;
        var seek = 0;
        while (seek < audio.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(windowSamples, audio.Length - seek);
            var isLast = seek + length >= audio.Length;
            var result = engine.Transcribe([new TranscriptionRequest(audio.Slice(seek, length), windowOptions)], cancellationToken)[0];
            if (language is null && result.Language is not null)
            {
                language = result.Language;
                windowOptions = windowOptions with { Language = language };
            }

            var windowStart = (double)seek / SampleRate;
            var keep = result.Segments.Count;
            var advance = length;
            if (!isLast && result.Segments.Count >= 2)
            {
                var resumeAt = (int)(result.Segments[^1].Start * SampleRate);
                if (resumeAt >= MinimumAdvanceSeconds * SampleRate && resumeAt < length)
                {
                    keep--;
                    advance = resumeAt;
                }
            }

            for (var i = 0; i < keep; i++)
            {
                var segment = result.Segments[i];
                segments.Add(segment with
                {
                    Start = windowStart + segment.Start,
                    End = windowStart + Math.Min(segment.End, (double)length / SampleRate),
                    Seek = seek / (SampleRate / 100),
                    Words = segment.Words?.Select(w => w with { Start = windowStart + w.Start, End = windowStart + w.End }).ToList(),
                });
            }

            var keptText = string.Join(' ', result.Segments.Take(keep).Select(s => s.Text.Trim()));
            var hot = result.Segments.Take(keep).Any(s => s.Temperature > PromptResetTemperature);
            windowOptions = windowOptions with { PreviousText = hot || keptText.Length == 0 ? null : keptText };

            seek += advance;
            onProgress?.Invoke((double)seek / SampleRate);
        }

        return new FileTranscript
        {
            Source = source,
            Engine = engine.Name,
            Model = engine.ModelName,
            Language = language,
            Duration = (double)audio.Length / SampleRate,
            Segments = segments,
        };
    }
}
