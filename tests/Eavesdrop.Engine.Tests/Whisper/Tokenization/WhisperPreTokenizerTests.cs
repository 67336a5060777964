using System.Text;
using System.Text.RegularExpressions;
using Eavesdrop.Engine.Whisper.Tokenization;

namespace Eavesdrop.Engine.Tests.Whisper.Tokenization;

public sealed class WhisperPreTokenizerTests
{
    // openai/whisper's pattern, which .NET applies correctly to text without surrogate pairs.
    private static readonly Regex s_whisperPattern = new(
        @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant);

    [Theory]
    [InlineData("Hello world", new[] { "Hello", " world" })]
    [InlineData("I'm here, they'll go", new[] { "I", "'m", " here", ",", " they", "'ll", " go" })]
    [InlineData("a  b", new[] { "a", " ", " b" })]
    [InlineData("a \n\n b  ", new[] { "a", " \n\n", " b", "  " })]
    [InlineData(" 123abc!!", new[] { " 123", "abc", "!!" })]
    [InlineData(" 𠀀abc", new[] { " 𠀀abc" })]
    [InlineData(" 😀x", new[] { " 😀", "x" })]
    [InlineData("\ud800x", new[] { "\ud800", "x" })]
    public void Split_Examples_FollowWhispersPattern(string text, string[] expected)
    {
        var pieces = WhisperPreTokenizer.Split(text).Select(p => text.Substring(p.Offset, p.Length));

        Assert.Equal(expected, pieces);
    }

    [Fact]
    public void Split_RandomBmpText_MatchesTheRegex()
    {
        var random = new Random(11);
        const string alphabet = "ab Z9'sltrevmd\t\n\u00a0\u3000.,!?-éü漢字١٢½\u0301\u200b";
        for (var sample = 0; sample < 2000; sample++)
        {
            var text = new StringBuilder();
            for (var i = random.Next(1, 25); i > 0; i--)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }

            var input = text.ToString();
            var expected = s_whisperPattern.Matches(input).Select(m => (m.Index, m.Length));

            Assert.Equal(expected, WhisperPreTokenizer.Split(input));
        }
    }
}
