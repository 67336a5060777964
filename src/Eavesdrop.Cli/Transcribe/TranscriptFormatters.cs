namespace Eavesdrop.Cli.Transcribe;

internal static class TranscriptFormatters
{
    /// <param name="compact">JSON on one line (several files to stdout become JSON Lines).</param>
    public static ITranscriptFormatter For(TranscriptFormat format, bool compact = false) => format switch
    {
        TranscriptFormat.Txt => new PlainTextFormatter(),
        TranscriptFormat.Json => new JsonTranscriptFormatter(indented: !compact),
        TranscriptFormat.Srt => new SrtFormatter(),
        TranscriptFormat.Vtt => new VttFormatter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
