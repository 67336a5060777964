using System.Text;
using Eavesdrop.Engine.Whisper.Tokenization;

namespace Eavesdrop.Engine.Tests.Whisper.Tokenization;

public sealed class StreamingTokenDecoderTests
{
    [Theory]
    [InlineData("😀 👨‍👩‍👧‍👦 🇩🇪")]
    [InlineData("다람쥐 헌 쳇바퀴에 타고파")]
    [InlineData("𠀀𠀁𠀂 ♬ 東京")]
    public void Append_TokenByToken_NeverEmitsReplacementCharacters(string text)
    {
        var tokenizer = WhisperTokenizer.CreateMultilingual();
        var tokens = tokenizer.Encode(text);
        // The case is only meaningful if some token ends inside a character.
        Assert.Contains(tokens, id => !IsValidUtf8(tokenizer.TokenBytes(id)));

        var decoder = tokenizer.CreateStreamingDecoder();
        var output = new StringBuilder();
        var heldBack = false;
        foreach (var id in tokens)
        {
            var piece = decoder.Append(id);
            Assert.DoesNotContain('\uFFFD', piece);
            heldBack |= decoder.HasPendingBytes;
            output.Append(piece);
        }

        Assert.True(heldBack);
        Assert.False(decoder.HasPendingBytes);
        Assert.Equal(string.Empty, decoder.Flush());
        Assert.Equal(text, output.ToString());
    }

    [Fact]
    public void Decode_PrefixEndingInsideACharacter_ReplacesTheIncompleteBytes()
    {
        var tokenizer = WhisperTokenizer.CreateMultilingual();
        var tokens = tokenizer.Encode("😀");
        Assert.True(tokens.Length > 1);

        Assert.EndsWith("\uFFFD", tokenizer.Decode(tokens.AsSpan(0, tokens.Length - 1)), StringComparison.Ordinal);
        Assert.Equal("😀", tokenizer.Decode(tokens));
    }

    [Fact]
    public void Flush_WithHeldBackBytes_ReturnsReplacementCharacterAndResets()
    {
        var tokenizer = WhisperTokenizer.CreateMultilingual();
        var tokens = tokenizer.Encode("😀");
        var decoder = tokenizer.CreateStreamingDecoder();

        Assert.Equal(string.Empty, decoder.Append(tokens.AsSpan(0, tokens.Length - 1)));
        Assert.True(decoder.HasPendingBytes);
        Assert.Equal("\uFFFD", decoder.Flush());
        Assert.False(decoder.HasPendingBytes);
        Assert.Equal(" ok", decoder.Append(tokenizer.Encode(" ok")));
    }

    [Fact]
    public void Append_InvalidUtf8FromTheModel_MatchesWholeSequenceDecode()
    {
        var tokenizer = WhisperTokenizer.CreateMultilingual();
        int[] tokens = [8404, 871, 287, 6, 246, 526, 3210, 20378, tokenizer.TimestampBegin];
        var decoder = tokenizer.CreateStreamingDecoder();

        var streamed = string.Concat(tokens.Select(decoder.Append)) + decoder.Flush();

        Assert.Equal(tokenizer.Decode(tokens), streamed);
    }

    [Fact]
    public void Append_RandomSplitsOfRandomText_EqualsWholeDecode()
    {
        var random = new Random(5);
        var tokenizer = WhisperTokenizer.CreateMultilingual();
        for (var sample = 0; sample < 100; sample++)
        {
            var text = new StringBuilder();
            for (var i = random.Next(1, 20); i > 0; i--)
            {
                text.Append(char.ConvertFromUtf32(random.Next(2) == 0 ? random.Next(0x20, 0x7F) : random.Next(0x1F300, 0x1F64F)));
            }

            var tokens = tokenizer.Encode(text.ToString());
            var decoder = tokenizer.CreateStreamingDecoder();
            var output = new StringBuilder();
            for (var start = 0; start < tokens.Length;)
            {
                var count = Math.Min(random.Next(1, 4), tokens.Length - start);
                output.Append(decoder.Append(tokens.AsSpan(start, count)));
                start += count;
            }

            output.Append(decoder.Flush());
            Assert.Equal(text.ToString(), output.ToString());
        }
    }

    private static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);
}
