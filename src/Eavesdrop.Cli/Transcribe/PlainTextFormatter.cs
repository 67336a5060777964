namespace Eavesdrop.Cli.Transcribe;

/// <summary>One line per segment, text only.</summary>
internal sealed class PlainTextFormatter : ITranscriptFormatter
{
    public string Extension => "txt";

    public void Write(FileTranscript transcript, TextWriter writer)
    {
        foreach (var segment in transcript.Segments)
        {
            var text = segment.Text.Trim();
            if (text.Length > 0)
            {
                writer.WriteLine(text);
            }
        }
    }
}
