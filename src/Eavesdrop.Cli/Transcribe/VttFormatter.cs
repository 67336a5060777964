namespace Eavesdrop.Cli.Transcribe;

/// <summary>WebVTT: <c>WEBVTT</c> header, cues <c>start --&gt; end</c> with dot milliseconds.</summary>
internal sealed class VttFormatter : ITranscriptFormatter
{
    public string Extension => "vtt";

    public void Write(FileTranscript transcript, TextWriter writer)
    {
        writer.WriteLine("WEBVTT");
        writer.WriteLine();
        foreach (var segment in transcript.Segments)
        {
            var text = segment.Text.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            writer.WriteLine($"{SubtitleTimestamp.Vtt(segment.Start)} --> {SubtitleTimestamp.Vtt(segment.End)}");
            // WebVTT reserves & and < in cue text, and a payload may not contain "-->".
            writer.WriteLine(text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace("-->", "--&gt;", StringComparison.Ordinal));
            writer.WriteLine();
        }
    }
}
