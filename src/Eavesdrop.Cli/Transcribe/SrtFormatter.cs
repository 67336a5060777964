namespace Eavesdrop.Cli.Transcribe;

/// <summary>SubRip: numbered cues from 1, <c>start --&gt; end</c> with comma milliseconds, blank line between cues.</summary>
internal sealed class SrtFormatter : ITranscriptFormatter
{
    public string Extension => "srt";

    public void Write(FileTranscript transcript, TextWriter writer)
    {
        var number = 1;
        foreach (var segment in transcript.Segments)
        {
            var text = segment.Text.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            writer.WriteLine(number++);
            writer.WriteLine($"{SubtitleTimestamp.Srt(segment.Start)} --> {SubtitleTimestamp.Srt(segment.End)}");
            writer.WriteLine(text.Replace("-->", "->", StringComparison.Ordinal));
            writer.WriteLine();
        }
    }
}
