using Eavesdrop.Engine.Sphinx;

namespace Eavesdrop.Engine.Tests.Sphinx;

public sealed class SphinxSegmenterTests
{
    [Fact]
    public void Segment_FillersAndAlternateMarks_RemovedFromText()
    {
        RecognizedWord[] path =
        [
            new("<s>", 0, 9, 0),
            new("<sil>", 10, 20, -0.1),
            new("and(2)", 21, 40, -0.5),
            new("[NOISE]", 41, 45, -0.1),
            new("so", 46, 60, -1.5),
            new("++GARBAGE++", 61, 62, 0),
            new("</s>", 63, 80, 0),
        ];

        var segment = Assert.Single(SphinxSegmenter.Segment(path, silenceSeconds: 0.5, includeWords: false));

        Assert.Equal("and so", segment.Text);
        Assert.Equal(0.21, segment.Start, 6);
        Assert.Equal(0.61, segment.End, 6);
        Assert.Equal(-1.0, segment.AvgLogProb, 6);
    }

    [Fact]
    public void Segment_PauseAtLeastThreshold_StartsNewSegment()
    {
        RecognizedWord[] path =
        [
            new("one", 0, 29, 0),
            new("<sil>", 30, 79, 0),
            new("two", 80, 99, 0),
            new("<sil>", 100, 148, 0),
            new("three", 149, 170, 0),
        ];

        var segments = SphinxSegmenter.Segment(path, silenceSeconds: 0.5, includeWords: true);

        Assert.Equal(["one", "two three"], segments.Select(s => s.Text));
        Assert.Equal(0.8, segments[1].Start, 6);
        Assert.Equal(["two", "three"], segments[1].Words!.Select(w => w.Word));
    }

    [Fact]
    public void Segment_OnlyFillers_ReturnsNothing()
    {
        RecognizedWord[] path = [new("<s>", 0, 9, 0), new("<sil>", 10, 200, 0), new("</s>", 201, 300, 0)];

        Assert.Empty(SphinxSegmenter.Segment(path, 0.5, includeWords: false));
    }
}
