using Eavesdrop.Tests.Common.Speech;

namespace Eavesdrop.Engine.Tests.Sphinx;

public sealed class WordErrorRateTests
{
    [Fact]
    public void Compute_IdenticalAfterNormalisation_IsZero()
    {
        var wer = WordErrorRate.Compute("And so, my fellow Americans!", "and so my   fellow americans");

        Assert.Equal(new WordErrorRate(0, 0, 0, 5), wer);
        Assert.Equal(0, wer.Rate);
    }

    [Fact]
    public void Compute_CountsSubstitutionDeletionInsertion()
    {
        var wer = WordErrorRate.Compute("ask not what your country can do", "ask what our country can do for you");

        Assert.Equal(1, wer.Substitutions);
        Assert.Equal(1, wer.Deletions);
        Assert.Equal(2, wer.Insertions);
        Assert.Equal(7, wer.ReferenceWords);
        Assert.Equal(4 / 7.0, wer.Rate, 9);
    }

    [Fact]
    public void Compute_EmptyHypothesis_IsAllDeletions()
    {
        Assert.Equal(1.0, WordErrorRate.Compute("go forward ten meters", string.Empty).Rate);
    }

    [Fact]
    public void Compute_EmptyReference_CountsInsertions()
    {
        Assert.Equal(0, WordErrorRate.Compute(string.Empty, "  ").Rate);
        Assert.Equal(2, WordErrorRate.Compute(string.Empty, "hello there").Rate);
    }

    [Fact]
    public void Total_PoolsErrorsAndReferenceWords()
    {
        var total = WordErrorRate.Total([new WordErrorRate(1, 0, 0, 4), new WordErrorRate(0, 2, 1, 6)]);

        Assert.Equal(new WordErrorRate(1, 2, 1, 10), total);
        Assert.Equal(0.4, total.Rate, 9);
    }

    [Fact]
    public void Basic_LowerCasesDropsApostrophesAndPunctuation()
    {
        Assert.Equal("dont stop well be fine 10 meters", TranscriptNormalizer.Basic.Normalize("Don't stop—we'll be fine: 10-meters."));
    }

    [Fact]
    public void English_MapsBritishSpellings()
    {
        Assert.Equal("the color of the aluminum airplane", TranscriptNormalizer.English.Normalize("The colour of the aluminium aeroplane"));
        Assert.Equal("the colour", TranscriptNormalizer.Basic.Normalize("The colour"));
    }
}
