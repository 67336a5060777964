using Eavesdrop.Engine.Whisper.Tokenization;

namespace Eavesdrop.Engine.Tests.Whisper.Tokenization;

public sealed class WhisperLanguagesTests
{
    [Theory]
    [InlineData("de", "de")]
    [InlineData("DE", "de")]
    [InlineData("German", "de")]
    [InlineData("mandarin", "zh")]
    [InlineData("castilian", "es")]
    [InlineData(" yue ", "yue")]
    [InlineData("cantonese", "yue")]
    public void TryGetCode_CodeNameOrAlias_GivesTheCode(string input, string expected)
    {
        Assert.True(WhisperLanguages.TryGetCode(input, out var code));
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData("klingon")]
    [InlineData("")]
    [InlineData("e")]
    public void TryGetCode_Unknown_IsFalse(string input)
    {
        Assert.False(WhisperLanguages.TryGetCode(input, out _));
    }

    [Fact]
    public void Codes_Are100DistinctWithCantoneseLast()
    {
        Assert.Equal(WhisperLanguages.Count, WhisperLanguages.Codes.Count);
        Assert.Equal(WhisperLanguages.Count, WhisperLanguages.Codes.Distinct().Count());
        Assert.Equal("yue", WhisperLanguages.Codes[WhisperLanguages.CountBeforeLargeV3]);
        Assert.Equal("english", WhisperLanguages.NameOf("en"));
        Assert.Null(WhisperLanguages.NameOf("xx"));
    }
}
