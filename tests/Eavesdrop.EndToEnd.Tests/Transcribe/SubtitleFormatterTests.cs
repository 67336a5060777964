using Eavesdrop.Cli.Transcribe;
using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.EndToEnd.Tests.Transcribe;

public sealed class SubtitleFormatterTests
{
    [Theory]
    [InlineData(0.0, "00:00:00,000")]
    [InlineData(1.5, "00:00:01,500")]
    [InlineData(59.9996, "00:01:00,000")]
    [InlineData(3661.2345, "01:01:01,235")]
    [InlineData(-0.2, "00:00:00,000")]
    public void Srt_Seconds_FormatsHoursMinutesSecondsCommaMilliseconds(double seconds, string expected) => Assert.Equal(expected, SubtitleTimestamp.Srt(seconds));

    [Fact]
    public void Vtt_Seconds_UsesADotBeforeMilliseconds() => Assert.Equal("00:02:03.040", SubtitleTimestamp.Vtt(123.04));

    [Fact]
    public void SrtFormatter_Segments_NumbersCuesFromOneAndSkipsEmptyText()
    {
        var text = Render(new SrtFormatter(), Transcript(("  Hello there. ", 0.0, 2.5), ("   ", 2.5, 3.0), ("General Kenobi!", 3.0, 61.25)));

        Assert.Equal(
            "1\n00:00:00,000 --> 00:00:02,500\nHello there.\n\n2\n00:00:03,000 --> 00:01:01,250\nGeneral Kenobi!\n\n",
            text);
    }

    [Fact]
    public void VttFormatter_Segments_StartsWithHeaderAndEscapesMarkup()
    {
        var text = Render(new VttFormatter(), Transcript(("a < b & c --> d", 1.0, 2.0)));

        Assert.Equal("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na &lt; b &amp; c --&gt; d\n\n", text);
    }

    [Fact]
    public void PlainTextFormatter_Segments_OneTrimmedLineEach()
    {
        var text = Render(new PlainTextFormatter(), Transcript((" one ", 0, 1), ("two", 1, 2)));

        Assert.Equal("one\ntwo\n", text);
    }

    internal static FileTranscript Transcript(params (string Text, double Start, double End)[] segments) => new()
    {
        Source = "talk.wav",
        Engine = "test-engine",
        Model = "test-model",
        Language = "en",
        Duration = 62,
        Segments = [.. segments.Select(s => new EngineSegment { Text = s.Text, Start = s.Start, End = s.End })],
    };

    internal static string Render(ITranscriptFormatter formatter, FileTranscript transcript)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        formatter.Write(transcript, writer);
        return writer.ToString();
    }
}
