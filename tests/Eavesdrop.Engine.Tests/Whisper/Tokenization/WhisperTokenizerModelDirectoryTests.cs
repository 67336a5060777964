using System.Text.Json;
using Eavesdrop.Engine.Whisper.Tokenization;
using Eavesdrop.Tests.Common;

namespace Eavesdrop.Engine.Tests.Whisper.Tokenization;

public sealed class WhisperTokenizerModelDirectoryTests : IDisposable
{
    private static readonly char[] s_byteChars = ByteLevelChars();
    private readonly string _directory = Directory.CreateTempSubdirectory("eavesdrop-tokenizer-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void FromModelDirectory_NoTokenizerFiles_UsesTheBundledVocabulary()
    {
        Assert.Same(WhisperTokenizer.CreateMultilingual(100), WhisperTokenizer.FromModelDirectory(_directory, multilingual: true, numLanguages: 100));
        Assert.Same(WhisperTokenizer.CreateEnglish(), WhisperTokenizer.FromModelDirectory(_directory, multilingual: false, numLanguages: 99));
    }

    [Fact]
    public void FromModelDirectory_TinyTokenizerJson_UsesItsMergesAndSpecialIds()
    {
        var (vocab, merges) = TinyVocabulary();
        var document = new
        {
            version = "1.0",
            added_tokens = HuggingFaceSpecials(firstId: 300).Select(s => new { id = s.Id, content = s.Content, special = true }),
            model = new { type = "BPE", vocab, merges = merges.Select(m => m.Split(' ')) },
        };
        File.WriteAllText(Path.Combine(_directory, "tokenizer.json"), JsonSerializer.Serialize(document));

        AssertTinyTokenizer(WhisperTokenizer.FromModelDirectory(_directory, multilingual: true, numLanguages: 99));
    }

    [Fact]
    public void FromModelDirectory_VocabMergesAndAddedTokens_UsesThem()
    {
        var (vocab, merges) = TinyVocabulary();
        File.WriteAllText(Path.Combine(_directory, "vocab.json"), JsonSerializer.Serialize(vocab));
        File.WriteAllLines(Path.Combine(_directory, "merges.txt"), ["#version: 0.2", .. merges]);
        File.WriteAllText(Path.Combine(_directory, "added_tokens.json"),
            JsonSerializer.Serialize(HuggingFaceSpecials(firstId: 300).ToDictionary(s => s.Content, s => s.Id)));

        AssertTinyTokenizer(WhisperTokenizer.FromModelDirectory(_directory, multilingual: true, numLanguages: 99));
    }

    [Fact]
    public void FromModelDirectory_SeveralMergesForOneToken_IsAccepted()
    {
        // tiktoken conversions list every split of a token: "hell" also from "h ell" once "ell" exists.
        var (vocab, merges) = TinyVocabulary();
        vocab.Remove("or");
        vocab["ell"] = 260;
        File.WriteAllText(Path.Combine(_directory, "vocab.json"), JsonSerializer.Serialize(vocab));
        File.WriteAllLines(Path.Combine(_directory, "merges.txt"), ["h e", "l l", "he ll", "h ell", "Ġ w", "e ll"]);

        var tokenizer = WhisperTokenizer.FromModelDirectory(_directory, multilingual: true, numLanguages: 99);

        Assert.Equal([258, 'o'], tokenizer.Encode("hello"));
    }

    [Fact]
    public void FromModelDirectory_MergesNotInIdOrder_IsRejected()
    {
        var (vocab, merges) = TinyVocabulary();
        File.WriteAllText(Path.Combine(_directory, "vocab.json"), JsonSerializer.Serialize(vocab));
        File.WriteAllLines(Path.Combine(_directory, "merges.txt"), [merges[1], merges[0], .. merges[2..]]);

        Assert.Throws<InvalidDataException>(() => WhisperTokenizer.FromModelDirectory(_directory, multilingual: true, numLanguages: 99));
    }

    [Fact]
    public void FromModelDirectory_FullSizeExportOfTheMultilingualVocabulary_EncodesLikeTheBundledOne()
    {
        // A tokenizer.json as the Hugging Face exports hold it: byte-level strings, specials as added tokens.
        var vocab = new Dictionary<string, int>();
        foreach (var line in File.ReadLines(Path.Combine(TestPaths.WhisperAssets, "multilingual.tiktoken")))
        {
            var parts = line.Split(' ');
            var bytes = parts[0].TrimStart('=').Length == 0 ? [] : Convert.FromBase64String(parts[0]);
            if (bytes.Length > 0)
            {
                vocab[new string(Array.ConvertAll(bytes, b => s_byteChars[b]))] = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var specials = HuggingFaceSpecials(firstId: 50257, numLanguages: 100, withTimestamps: true);
        var document = new { added_tokens = specials.Select(s => new { id = s.Id, content = s.Content }), model = new { type = "BPE", vocab } };
        File.WriteAllText(Path.Combine(_directory, "tokenizer.json"), JsonSerializer.Serialize(document));

        var loaded = WhisperTokenizer.FromModelDirectory(_directory, multilingual: true, numLanguages: 100);
        var bundled = WhisperTokenizer.CreateMultilingual(100);

        Assert.NotSame(bundled, loaded);
        Assert.Equal(
            (bundled.EndOfText, bundled.StartOfTranscript, bundled.Translate, bundled.Transcribe, bundled.StartOfLm, bundled.StartOfPrev, bundled.NoSpeech, bundled.NoTimestamps, bundled.TimestampBegin, bundled.TimestampEnd),
            (loaded.EndOfText, loaded.StartOfTranscript, loaded.Translate, loaded.Transcribe, loaded.StartOfLm, loaded.StartOfPrev, loaded.NoSpeech, loaded.NoTimestamps, loaded.TimestampBegin, loaded.TimestampEnd));
        Assert.Equal(bundled.LanguageToken("yue"), loaded.LanguageToken("yue"));
        Assert.Equal(bundled.NonSpeechTokens, loaded.NonSpeechTokens);
        foreach (var text in WhisperTokenizerTests.Texts.Select(row => row.Data))
        {
            Assert.Equal(bundled.Encode(text), loaded.Encode(text));
            Assert.Equal(text, loaded.Decode(loaded.Encode(text)));
        }
    }

    // Bytes 0–255 as ids 0–255, then he, ll, hell, Ġw, or (Ġ is the byte-level space), in merge order.
    private static (Dictionary<string, int> Vocab, string[] Merges) TinyVocabulary()
    {
        var vocab = new Dictionary<string, int>();
        for (var b = 0; b < 256; b++)
        {
            vocab[s_byteChars[b].ToString()] = b;
        }

        string[] merges = ["h e", "l l", "he ll", "Ġ w", "o r"];
        for (var i = 0; i < merges.Length; i++)
        {
            vocab[merges[i].Replace(" ", string.Empty, StringComparison.Ordinal)] = 256 + i;
        }

        return (vocab, merges);
    }

    private static void AssertTinyTokenizer(WhisperTokenizer tokenizer)
    {
        Assert.Equal([258, 'o', 259, 260, 'l', 'd'], tokenizer.Encode("hello world"));
        Assert.Equal("hello world", tokenizer.Decode(tokenizer.Encode("hello world")));
        Assert.Equal("ünïcødé 😀", tokenizer.Decode(tokenizer.Encode("ünïcødé 😀")));
        Assert.Equal(300, tokenizer.EndOfText);
        Assert.Equal(301, tokenizer.StartOfTranscript);
        Assert.Equal(302, tokenizer.LanguageToken("en"));
        Assert.Equal(401, tokenizer.Translate);
        Assert.Equal(402, tokenizer.Transcribe);
        Assert.Equal(403, tokenizer.StartOfLm);
        Assert.Equal(404, tokenizer.StartOfPrev);
        Assert.Equal(405, tokenizer.NoSpeech);
        Assert.Equal(406, tokenizer.NoTimestamps);
        // This export lists no timestamp tokens: they follow <|notimestamps|>.
        Assert.Equal(407, tokenizer.TimestampBegin);
        Assert.Equal("hello", tokenizer.Decode([tokenizer.StartOfTranscript, 258, 'o', tokenizer.EndOfText, tokenizer.TimestampBegin]));
    }

    private static List<(string Content, int Id)> HuggingFaceSpecials(int firstId, int numLanguages = 99, bool withTimestamps = false)
    {
        List<string> names = ["<|endoftext|>", "<|startoftranscript|>"];
        names.AddRange(WhisperLanguages.Codes.Take(numLanguages).Select(code => $"<|{code}|>"));
        names.AddRange(["<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>", "<|nocaptions|>", "<|notimestamps|>"]);
        if (withTimestamps)
        {
            names.AddRange(Enumerable.Range(0, 1501).Select(i => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"<|{i * 0.02:0.00}|>")));
        }

        return names.Select((name, i) => (name, firstId + i)).ToList();
    }

    // GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the rest map to U+0100 onwards.
    private static char[] ByteLevelChars()
    {
        var chars = new char[256];
        var next = 0x100;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            chars[b] = printable ? (char)b : (char)next++;
        }

        return chars;
    }
}
