namespace Eavesdrop.Cli.Transcribe;

/// <summary>Output formats of <c>eavesdrop transcribe --format</c>.</summary>
internal enum TranscriptFormat
{
    Txt,
    Json,
    Srt,
    Vtt,
}
