using System.Text;
using Eavesdrop.Engine.Whisper.Tokenization;

namespace Eavesdrop.Engine.Tests.Whisper.Tokenization;

public sealed class WhisperTokenizerTests
{
    // Hugging Face's generation_config.json "suppress_tokens" of the multilingual and English-only models,
    // without the special ids it appends: the ordinary tokens of openai/whisper's non_speech_tokens.
    private static readonly int[] s_multilingualNonSpeech =
    [
        1, 2, 7, 8, 9, 10, 14, 25, 26, 27, 28, 29, 31, 58, 59, 60, 61, 62, 63, 90, 91, 92, 93, 359, 503, 522, 542, 873,
        893, 902, 918, 922, 931, 1350, 1853, 1982, 2460, 2627, 3246, 3253, 3268, 3536, 3846, 3961, 4183, 4667, 6585,
        6647, 7273, 9061, 9383, 10428, 10929, 11938, 12033, 12331, 12562, 13793, 14157, 14635, 15265, 15618, 16553,
        16604, 18362, 18956, 20075, 21675, 22520, 26130, 26161, 26435, 28279, 29464, 31650, 32302, 32470, 36865,
        42863, 47425, 49870, 50254,
    ];

    private static readonly int[] s_englishNonSpeech =
    [
        1, 2, 7, 8, 9, 10, 14, 25, 26, 27, 28, 29, 31, 58, 59, 60, 61, 62, 63, 90, 91, 92, 93, 357, 366, 438, 532, 685,
        705, 796, 930, 1058, 1220, 1267, 1279, 1303, 1343, 1377, 1391, 1635, 1782, 1875, 2162, 2361, 2488, 3467, 4008,
        4211, 4600, 4808, 5299, 5855, 6329, 7203, 9609, 9959, 10563, 10786, 11420, 11709, 11907, 13163, 13697, 13700,
        14808, 15306, 16410, 16791, 17992, 19203, 19510, 20724, 22305, 22935, 27007, 30109, 30420, 33409, 34949,
        40283, 40493, 40549, 47282, 49146,
    ];

    public static TheoryData<string> Texts =>
    [
        "",
        " And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.",
        "Hello world",
        "I'm sure they'll say it's fine, we've done what we'd planned. DON'T",
        "다람쥐 헌 쳇바퀴에 타고파",
        "我们今天去公园散步吧。東京は晴れです。",
        "Grüße aus Köln — ça va? ¿Qué tal? Ελληνικά, русский, עברית, العربية, हिन्दी, ไทย",
        "e\u0301 a\u0308 n\u0303 Z\u0351\u0352\u0353algo t\u0336e\u0336x\u0336t\u0336",
        "😀 👍🏽 👨‍👩‍👧‍👦 🇩🇪 🏳️‍🌈 emoji at the end 🎉",
        "𠀀𠀁 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟘𝟙𝟚 ♩♪♫♬ [MUSIC] (laughs) <<speaker>>",
        "  leading, trailing and   multiple spaces \t tabs\nnew lines\r\n\u00a0nbsp\u3000ideographic  ",
        "<|endoftext|><|0.00|> looks special but is ordinary text",
        "3.14159 1,000,000 ½ ² Ⅻ ١٢٣",
    ];

    [Fact]
    public void CreateMultilingual_SpecialTokens_HaveOpenAiWhisperIds()
    {
        var tokenizer = WhisperTokenizer.CreateMultilingual();

        Assert.True(tokenizer.IsMultilingual);
        Assert.Equal(50257, tokenizer.EndOfText);
        Assert.Equal(50258, tokenizer.StartOfTranscript);
        Assert.Equal(50259, tokenizer.LanguageToken("en"));
        Assert.Equal(50260, tokenizer.LanguageToken("zh"));
        Assert.Equal(50357, tokenizer.LanguageToken("su"));
        Assert.Equal(50358, tokenizer.Translate);
        Assert.Equal(50359, tokenizer.Transcribe);
        Assert.Equal(50360, tokenizer.StartOfLm);
        Assert.Equal(50361, tokenizer.StartOfPrev);
        Assert.Equal(50362, tokenizer.NoSpeech);
        Assert.Equal(50363, tokenizer.NoTimestamps);
        Assert.Equal(50364, tokenizer.TimestampBegin);
        Assert.Equal(51864, tokenizer.TimestampEnd);
        Assert.Equal(51865, tokenizer.VocabularySize);
    }

    [Fact]
    public void CreateMultilingual_100Languages_AddsCantoneseAndShiftsLaterIdsByOne()
    {
        var tokenizer = WhisperTokenizer.CreateMultilingual(100);

        Assert.Equal(50257, tokenizer.EndOfText);
        Assert.Equal(50258, tokenizer.StartOfTranscript);
        Assert.Equal(50358, tokenizer.LanguageToken("yue"));
        Assert.Equal(50359, tokenizer.Translate);
        Assert.Equal(50360, tokenizer.Transcribe);
        Assert.Equal(50361, tokenizer.StartOfLm);
        Assert.Equal(50362, tokenizer.StartOfPrev);
        Assert.Equal(50363, tokenizer.NoSpeech);
        Assert.Equal(50364, tokenizer.NoTimestamps);
        Assert.Equal(50365, tokenizer.TimestampBegin);
        Assert.Equal(51866, tokenizer.VocabularySize);
        Assert.Equal(100, tokenizer.LanguageCodes.Count);
        Assert.Equal("yue", tokenizer.LanguageCodes[^1]);
    }

    [Fact]
    public void CreateEnglish_SpecialTokens_HaveOpenAiWhisperIds()
    {
        var tokenizer = WhisperTokenizer.CreateEnglish();

        Assert.False(tokenizer.IsMultilingual);
        Assert.Equal(50256, tokenizer.EndOfText);
        Assert.Equal(50257, tokenizer.StartOfTranscript);
        Assert.Equal(50358, tokenizer.Transcribe);
        Assert.Equal(50357, tokenizer.Translate);
        Assert.Equal(50359, tokenizer.StartOfLm);
        Assert.Equal(50360, tokenizer.StartOfPrev);
        Assert.Equal(50361, tokenizer.NoSpeech);
        Assert.Equal(50362, tokenizer.NoTimestamps);
        Assert.Equal(50363, tokenizer.TimestampBegin);
        Assert.Equal(51864, tokenizer.VocabularySize);
    }

    [Fact]
    public void LanguageCodes_AreInWhisperOrderAndMapBothWays()
    {
        var tokenizer = WhisperTokenizer.CreateMultilingual();

        Assert.Equal(99, tokenizer.LanguageCodes.Count);
        Assert.Equal(["en", "zh", "de", "es", "ru"], tokenizer.LanguageCodes.Take(5));
        Assert.Equal("su", tokenizer.LanguageCodes[^1]);
        for (var i = 0; i < tokenizer.LanguageCodes.Count; i++)
        {
            var code = tokenizer.LanguageCodes[i];
            Assert.Equal(tokenizer.StartOfTranscript + 1 + i, tokenizer.LanguageToken(code));
            Assert.Equal(tokenizer.LanguageToken(code), tokenizer.LanguageTokens[i]);
            Assert.Equal(code, tokenizer.LanguageOf(tokenizer.LanguageToken(code)));
        }

        Assert.Null(tokenizer.LanguageOf(tokenizer.Transcribe));
        Assert.Null(tokenizer.LanguageOf(100));
    }

    [Theory]
    [InlineData("yue")]
    [InlineData("xx")]
    [InlineData("EN")]
    public void LanguageToken_UnknownCode_ThrowsNamingTheCode(string code)
    {
        var tokenizer = WhisperTokenizer.CreateMultilingual();

        var exception = Assert.Throws<ArgumentException>(() => tokenizer.LanguageToken(code));
        Assert.Contains($"'{code}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamps_CoverZeroToThirtySecondsInStepsOf20Milliseconds()
    {
        var tokenizer = WhisperTokenizer.CreateMultilingual();

        Assert.False(tokenizer.IsTimestamp(tokenizer.NoTimestamps));
        Assert.True(tokenizer.IsTimestamp(tokenizer.TimestampBegin));
        Assert.True(tokenizer.IsTimestamp(tokenizer.TimestampBegin + 1500));
        Assert.False(tokenizer.IsTimestamp(tokenizer.TimestampBegin + 1501));
        Assert.Equal(0f, tokenizer.TimestampSeconds(tokenizer.TimestampBegin));
        Assert.Equal(1.08f, tokenizer.TimestampSeconds(tokenizer.TimestampBegin + 54), 5);
        Assert.Equal(30f, tokenizer.TimestampSeconds(tokenizer.TimestampEnd), 5);
        Assert.Equal(tokenizer.TimestampBegin + 54, tokenizer.TimestampToken(1.08f));
        Assert.Equal("<|0.00|> Mr.<|1.08|><|endoftext|>",
            tokenizer.DecodeWithSpecials([tokenizer.TimestampBegin, 2221, 13, tokenizer.TimestampBegin + 54, tokenizer.EndOfText]));
    }

    [Fact]
    public void Encode_LibriSpeechSentence_MatchesTheHuggingFaceExportsIds()
    {
        var tokenizer = WhisperTokenizer.CreateMultilingual();

        var tokens = tokenizer.Encode(" Mr. Quilter is the apostle of the middle classes and we are glad");

        Assert.Equal([2221, 13, 2326, 388, 391, 307, 264, 50244, 295, 264, 2808, 5359, 293, 321, 366, 5404], tokens);
    }

    [Fact]
    public void Encode_HelloWorld_MatchesGpt2Ids()
    {
        Assert.Equal([15496, 995], WhisperTokenizer.CreateEnglish().Encode("Hello world"));
    }

    [Fact]
    public void Encode_Korean_MultilingualVocabularyIsDenserThanGpt2()
    {
        const string text = "다람쥐 헌 쳇바퀴에 타고파";

        Assert.True(WhisperTokenizer.CreateEnglish().Encode(text).Length > WhisperTokenizer.CreateMultilingual().Encode(text).Length);
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void EncodeDecode_UnicodeText_RoundTripsExactly(string text)
    {
        foreach (var tokenizer in new[] { WhisperTokenizer.CreateMultilingual(), WhisperTokenizer.CreateEnglish() })
        {
            var tokens = tokenizer.Encode(text);

            Assert.All(tokens, id => Assert.InRange(id, 0, tokenizer.EndOfText - 1));
            Assert.Equal(text, tokenizer.Decode(tokens));
        }
    }

    [Fact]
    public void EncodeDecode_RandomStrings_RoundTripExactly()
    {
        var random = new Random(20261124);
        var tokenizer = WhisperTokenizer.CreateMultilingual();
        (int From, int To)[] ranges =
        [
            (0x20, 0x7E), (0x09, 0x0D), (0xA0, 0x24F), (0x300, 0x36F), (0x370, 0x52F), (0x590, 0x6FF), (0x900, 0x97F),
            (0x3040, 0x30FF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0x2000, 0x206F), (0xFE00, 0xFE0F), (0xFFF0, 0xFFFD),
            (0x1F300, 0x1FAFF), (0x20000, 0x2A6DF), (0x1D400, 0x1D7FF), (0xE0000, 0xE007F),
        ];

        for (var sample = 0; sample < 300; sample++)
        {
            var text = new StringBuilder();
            var length = random.Next(1, 40);
            for (var i = 0; i < length; i++)
            {
                var (from, to) = ranges[random.Next(ranges.Length)];
                text.Append(char.ConvertFromUtf32(random.Next(from, to + 1)));
            }

            var expected = text.ToString();
            Assert.Equal(expected, tokenizer.Decode(tokenizer.Encode(expected)));
        }
    }

    [Fact]
    public void Decode_SkipsSpecialAndTimestampTokens()
    {
        var tokenizer = WhisperTokenizer.CreateMultilingual();
        var text = tokenizer.Encode(" Hello");

        int[] tokens = [tokenizer.StartOfTranscript, tokenizer.LanguageToken("en"), tokenizer.Transcribe, tokenizer.TimestampBegin, .. text, tokenizer.TimestampBegin + 25, tokenizer.EndOfText, 52000];

        Assert.Equal(" Hello", tokenizer.Decode(tokens));
    }

    [Fact]
    public void Decode_NegativeId_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WhisperTokenizer.CreateMultilingual().Decode([5, -1]));
    }

    [Fact]
    public void Decode_TokenThatIsHalfACharacter_GivesReplacementCharacterAsOpenAiWhisperDoes()
    {
        // openai/whisper test_split_on_unicode: token 246 alone is not valid UTF-8.
        var tokenizer = WhisperTokenizer.CreateMultilingual();

        Assert.Equal(" elle est l'\uFFFDéritoire", tokenizer.Decode([8404, 871, 287, 6, 246, 526, 3210, 20378]));
    }

    [Fact]
    public void NonSpeechTokens_MultilingualAndEnglish_MatchTheSuppressListsOfTheOfficialExports()
    {
        Assert.Equal(s_multilingualNonSpeech, WhisperTokenizer.CreateMultilingual().NonSpeechTokens);
        Assert.Equal(s_multilingualNonSpeech, WhisperTokenizer.CreateMultilingual(100).NonSpeechTokens);
        Assert.Equal(s_englishNonSpeech, WhisperTokenizer.CreateEnglish().NonSpeechTokens);
    }

    [Fact]
    public void CreateMultilingual_SameArguments_ReturnsTheSharedInstance()
    {
        Assert.Same(WhisperTokenizer.CreateMultilingual(), WhisperTokenizer.CreateMultilingual(99));
        Assert.NotSame(WhisperTokenizer.CreateMultilingual(99), WhisperTokenizer.CreateMultilingual(100));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void CreateMultilingual_LanguageCountOutOfRange_Throws(int numLanguages)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WhisperTokenizer.CreateMultilingual(numLanguages));
    }

    [Fact]
    public void Encode_ConcurrentCalls_GiveTheSameTokens()
    {
        var tokenizer = WhisperTokenizer.CreateMultilingual();
        var texts = Texts.Select(row => row.Data).ToArray();
        var expected = texts.Select(tokenizer.Encode).ToArray();

        Parallel.For(0, 64, i => Assert.Equal(expected[i % texts.Length], tokenizer.Encode(texts[i % texts.Length])));
    }
}
