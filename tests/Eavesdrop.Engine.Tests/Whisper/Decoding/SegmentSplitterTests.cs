using Eavesdrop.Engine.Whisper.Decoding;

namespace Eavesdrop.Engine.Tests.Whisper.Decoding;

public sealed class SegmentSplitterTests
{
    private const int Ts = 1000; // timestamp_begin of a toy vocabulary

    [Fact]
    public void Split_PairsWithSingleTimestampEnding_SegmentsAndFullSeek()
    {
        int[] tokens = [Ts + 0, 5, 6, Ts + 50, Ts + 50, 7, Ts + 120];
        var pieces = SegmentSplitter.Split(tokens, Ts, 3000, out var seek);
        Assert.Equal(2, pieces.Count);
        Assert.Equal((0.0, 1.0), (pieces[0].Start, pieces[0].End));
        Assert.Equal([Ts + 0, 5, 6, Ts + 50], pieces[0].Tokens);
        Assert.Equal((1.0, 2.4), (pieces[1].Start, Math.Round(pieces[1].End, 6)));
        Assert.Equal(3000, seek);
    }

    [Fact]
    public void Split_EndsWithPair_SeeksToLastTimestamp()
    {
        int[] tokens = [Ts + 0, 5, Ts + 50, Ts + 50, 7, Ts + 120, Ts + 120, 8];
        var pieces = SegmentSplitter.Split(tokens, Ts, 3000, out var seek);
        Assert.Equal(2, pieces.Count);
        Assert.Equal(240, seek); // 120 steps × 2 frames: the unfinished "8" is decoded again next window
    }

    [Fact]
    public void Split_NoPairs_OneSegmentToLastTimestamp()
    {
        int[] tokens = [Ts + 0, 5, 6, Ts + 75];
        var pieces = SegmentSplitter.Split(tokens, Ts, 2000, out var seek);
        Assert.Single(pieces);
        Assert.Equal(1.5, pieces[0].End, 6);
        Assert.Equal(2000, seek);
    }

    [Fact]
    public void Split_NoTimestamps_WholeWindow()
    {
        var pieces = SegmentSplitter.Split([5, 6, 7], Ts, 1234, out var seek);
        Assert.Single(pieces);
        Assert.Equal(12.34, pieces[0].End, 6);
        Assert.Equal(1234, seek);
    }

    [Fact]
    public void PromptBuilder_KeepsLastHalfContextAfterStartOfPrev()
    {
        var previous = Enumerable.Range(0, 300).ToArray();
        var prefix = PromptBuilder.Build(9999, [7, 8], previous, [50258, 50259, 50359], out var sotIndex);
        Assert.Equal(9999, prefix[0]);
        Assert.Equal([7, 8], prefix[1..3]);
        Assert.Equal(299, prefix[sotIndex - 1]);
        Assert.Equal(1 + PromptBuilder.MaxPromptTokens, sotIndex);
        Assert.Equal(50258, prefix[sotIndex]);
    }

    [Fact]
    public void PromptBuilder_NoPrompt_JustSotSequence()
    {
        var prefix = PromptBuilder.Build(9999, [], [], [50258, 50259, 50359], out var sotIndex);
        Assert.Equal([50258, 50259, 50359], prefix);
        Assert.Equal(0, sotIndex);
    }
}
