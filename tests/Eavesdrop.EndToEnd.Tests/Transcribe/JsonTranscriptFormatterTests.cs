using System.Text.Json;
using Eavesdrop.Cli.Transcribe;
using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.EndToEnd.Tests.Transcribe;

public sealed class JsonTranscriptFormatterTests
{
    [Fact]
    public void Write_Transcript_HasTheFileFieldsAndProtocolSegmentFieldsInOrder()
    {
        var transcript = SubtitleFormatterTests.Transcript((" Hello", 0.0, 1.2344), (" world", 1.5, 2.0)) with
        {
            Segments =
            [
                new EngineSegment { Text = " Hello", Start = 0, End = 1.2344, Tokens = [50364, 2425], AvgLogProb = -0.25, CompressionRatio = 1.1, NoSpeechProb = 0.01, Temperature = 0.2, Seek = 0 },
                new EngineSegment { Text = " world", Start = 1.5, End = 2.0, Seek = 3000, Words = [new WordTiming(1.5, 2.0, " world", 0.9)] },
            ],
        };

        using var document = JsonDocument.Parse(SubtitleFormatterTests.Render(new JsonTranscriptFormatter(), transcript));

        var root = document.RootElement;
        Assert.Equal(["file", "engine", "model", "language", "duration", "text", "segments"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("talk.wav", root.GetProperty("file").GetString());
        Assert.Equal("Hello world", root.GetProperty("text").GetString());
        var first = root.GetProperty("segments")[0];
        Assert.Equal(["id", "seek", "start", "end", "text", "tokens", "avg_logprob", "compression_ratio", "no_speech_prob", "temperature"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1.234, first.GetProperty("end").GetDouble());
        Assert.Equal([50364, 2425], first.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()));
        var second = root.GetProperty("segments")[1];
        Assert.Equal(1, second.GetProperty("id").GetInt32());
        Assert.Equal(3000, second.GetProperty("seek").GetInt32());
        Assert.False(second.TryGetProperty("temperature", out _));
        Assert.Equal(" world", second.GetProperty("words")[0].GetProperty("word").GetString());
    }

    [Fact]
    public void Write_Compact_IsOneLineSoSeveralFilesMakeJsonLines()
    {
        var text = SubtitleFormatterTests.Render(new JsonTranscriptFormatter(indented: false), SubtitleFormatterTests.Transcript(("a", 0, 1)));

        Assert.Single(text.TrimEnd('\n').Split('\n'));
        using var document = JsonDocument.Parse(text);
        Assert.Equal("a", document.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public void Write_NegativeInfinityLogProb_StaysValidJson()
    {
        var transcript = SubtitleFormatterTests.Transcript(("x", 0, 1)) with
        {
            Segments = [new EngineSegment { Text = "x", Start = 0, End = 1, AvgLogProb = double.NegativeInfinity }],
        };

        using var document = JsonDocument.Parse(SubtitleFormatterTests.Render(new JsonTranscriptFormatter(), transcript));

        Assert.True(document.RootElement.GetProperty("segments")[0].GetProperty("avg_logprob").GetDouble() < -1e300);
    }
}
