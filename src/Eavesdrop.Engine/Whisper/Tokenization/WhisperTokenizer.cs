using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text;
using Eavesdrop.Engine.Whisper.Assets;
using Microsoft.ML.Tokenizers;

namespace Eavesdrop.Engine.Whisper.Tokenization;

/// <summary>
/// Whisper's tokenizer: byte-level BPE over GPT-2's vocabulary (English-only models) or the multilingual
/// one, plus Whisper's special tokens. Encoding runs on Microsoft.ML.Tokenizers' tiktoken BPE; decoding maps
/// ids to bytes directly. Immutable and thread-safe.
/// </summary>
internal sealed class WhisperTokenizer
{
    private static readonly ConcurrentDictionary<(bool Multilingual, int NumLanguages), Lazy<WhisperTokenizer>> s_bundled = new();

    private readonly BpeVocabulary _vocabulary;
    private readonly Tokenizer _encoder;
    private readonly FrozenDictionary<string, int> _languageTokens;
    private readonly FrozenDictionary<int, string> _languageOfToken;
    private readonly FrozenDictionary<int, string> _specialText;

    private WhisperTokenizer(BpeVocabulary vocabulary, IReadOnlyDictionary<string, int> specials, bool multilingual, int numLanguages)
    {
        _vocabulary = vocabulary;
        _encoder = vocabulary.CreateEncoder();
        IsMultilingual = multilingual;

        int Require(string token) => specials.TryGetValue(token, out var id)
            ? id
            : throw new InvalidDataException($"The tokenizer has no special token {token}.");

        EndOfText = Require(WhisperSpecialTokens.EndOfText);
        StartOfTranscript = Require(WhisperSpecialTokens.StartOfTranscript);
        Translate = Require(WhisperSpecialTokens.Translate);
        Transcribe = Require(WhisperSpecialTokens.Transcribe);
        StartOfLm = Require(WhisperSpecialTokens.StartOfLm);
        StartOfPrev = Require(WhisperSpecialTokens.StartOfPrev);
        NoSpeech = Require(WhisperSpecialTokens.NoSpeech);
        NoTimestamps = Require(WhisperSpecialTokens.NoTimestamps);
        TimestampBegin = Require(WhisperSpecialTokens.Timestamp(0));
        TimestampEnd = Require(WhisperSpecialTokens.Timestamp(WhisperSpecialTokens.TimestampCount - 1));
        if (TimestampEnd - TimestampBegin != WhisperSpecialTokens.TimestampCount - 1)
        {
            throw new InvalidDataException($"The timestamp tokens are not consecutive ({TimestampBegin}…{TimestampEnd}).");
        }

        var codes = WhisperLanguages.Codes.Take(numLanguages).ToArray();
        LanguageCodes = codes;
        _languageTokens = codes.ToFrozenDictionary(code => code, code => Require(WhisperSpecialTokens.Language(code)), StringComparer.Ordinal);
        _languageOfToken = _languageTokens.ToFrozenDictionary(pair => pair.Value, pair => pair.Key);
        LanguageTokens = Array.ConvertAll(codes, code => _languageTokens[code]);
        _specialText = specials.GroupBy(pair => pair.Value).ToFrozenDictionary(group => group.Key, group => group.First().Key);
        VocabularySize = Math.Max(vocabulary.Count, specials.Values.Max() + 1);
        NonSpeechTokens = ComputeNonSpeechTokens();
    }

    public bool IsMultilingual { get; }

    public int EndOfText { get; }

    public int StartOfTranscript { get; }

    public int Translate { get; }

    public int Transcribe { get; }

    public int StartOfLm { get; }

    public int StartOfPrev { get; }

    /// <summary><c>&lt;|nospeech|&gt;</c>, called <c>&lt;|nocaptions|&gt;</c> in the Hugging Face exports.</summary>
    public int NoSpeech { get; }

    public int NoTimestamps { get; }

    /// <summary><c>&lt;|0.00|&gt;</c>; timestamps run to <see cref="TimestampEnd"/> (<c>&lt;|30.00|&gt;</c>) in 0.02 s steps.</summary>
    public int TimestampBegin { get; }

    public int TimestampEnd { get; }

    /// <summary>Ordinary tokens plus specials (51865 multilingual, 51866 large-v3, 51864 English-only).</summary>
    public int VocabularySize { get; }

    /// <summary>Language codes in Whisper's token order ("en", "zh", "de", …).</summary>
    public IReadOnlyList<string> LanguageCodes { get; }

    /// <summary>The language tokens, index for index with <see cref="LanguageCodes"/> (for language detection).</summary>
    public IReadOnlyList<int> LanguageTokens { get; }

    /// <summary>
    /// Tokens for symbols and speaker/sound annotations that are not speech (openai/whisper
    /// <c>Tokenizer.non_speech_tokens</c>), sorted; suppressed while sampling when <c>suppress_tokens</c> is "-1".
    /// </summary>
    public IReadOnlyList<int> NonSpeechTokens { get; }

    /// <summary>The bundled multilingual vocabulary; <paramref name="numLanguages"/> is 100 for large-v3 and large-v3-turbo.</summary>
    public static WhisperTokenizer CreateMultilingual(int numLanguages = WhisperLanguages.CountBeforeLargeV3) =>
        Bundled(multilingual: true, numLanguages);

    /// <summary>The bundled GPT-2 vocabulary of the English-only (<c>*.en</c>) models.</summary>
    public static WhisperTokenizer CreateEnglish() => Bundled(multilingual: false, WhisperLanguages.CountBeforeLargeV3);

    /// <summary>
    /// The tokenizer of a model directory: <c>tokenizer.json</c>, or <c>vocab.json</c> with <c>added_tokens.json</c>
    /// (and <c>tokenizer_config.json</c>'s added tokens) when present; otherwise the bundled vocabulary.
    /// </summary>
    public static WhisperTokenizer FromModelDirectory(string directory, bool multilingual, int numLanguages)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ValidateLanguageCount(numLanguages);
        var files = HuggingFaceTokenizerFiles.TryLoad(directory);
        if (files is null)
        {
            return Bundled(multilingual, numLanguages);
        }

        // Specials the files do not list (older exports have no timestamp tokens) get whisper's ids, numbered
        // from the files' end of text.
        var firstSpecial = files.SpecialTokens.TryGetValue(WhisperSpecialTokens.EndOfText, out var endOfText)
            ? endOfText
            : files.Vocabulary.Count;
        var specials = WhisperSpecialTokens.Numbered(firstSpecial, numLanguages);
        if (files.SpecialTokens.TryGetValue(WhisperSpecialTokens.NoCaptions, out var noCaptions))
        {
            specials[WhisperSpecialTokens.NoSpeech] = noCaptions;
        }

        foreach (var (token, id) in files.SpecialTokens)
        {
            if (specials.ContainsKey(token))
            {
                specials[token] = id;
            }
        }

        return new WhisperTokenizer(files.Vocabulary, specials, multilingual, numLanguages);
    }

    /// <summary>The token of a language code ("en", "yue", …).</summary>
    /// <exception cref="ArgumentException">The model does not know the language.</exception>
    public int LanguageToken(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return _languageTokens.TryGetValue(code, out var id)
            ? id
            : throw new ArgumentException(
                $"Language '{code}' is not one of this model's {LanguageCodes.Count} languages.", nameof(code));
    }

    /// <summary>The language code of a language token, or null.</summary>
    public string? LanguageOf(int tokenId) => _languageOfToken.GetValueOrDefault(tokenId);

    public bool IsTimestamp(int tokenId) => tokenId >= TimestampBegin && tokenId <= TimestampEnd;

    /// <summary>(id − <see cref="TimestampBegin"/>) × 0.02 s.</summary>
    public float TimestampSeconds(int tokenId) => (tokenId - TimestampBegin) * WhisperSpecialTokens.SecondsPerTimestamp;

    /// <summary>The token of the timestamp nearest to <paramref name="seconds"/>, clamped to 0…30 s.</summary>
    public int TimestampToken(float seconds) =>
        TimestampBegin + Math.Clamp((int)MathF.Round(seconds / WhisperSpecialTokens.SecondsPerTimestamp), 0, WhisperSpecialTokens.TimestampCount - 1);

    /// <summary>Ordinary text to tokens. Special-token text such as "&lt;|en|&gt;" is encoded as ordinary text.</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        return [.. _encoder.EncodeToIds(text, considerPreTokenization: true, considerNormalization: false)];
    }

    /// <summary>
    /// Text of the ordinary tokens; ids ≥ <see cref="EndOfText"/> (specials, timestamps) are skipped.
    /// Bytes that do not form complete UTF-8 characters (a character cut off at the end) become U+FFFD;
    /// use <see cref="CreateStreamingDecoder"/> to decode as tokens arrive.
    /// </summary>
    public string Decode(ReadOnlySpan<int> tokens) => Encoding.UTF8.GetString(DecodeBytes(tokens));

    /// <summary>The UTF-8 bytes of the ordinary tokens (ids ≥ <see cref="EndOfText"/> skipped).</summary>
    public byte[] DecodeBytes(ReadOnlySpan<int> tokens)
    {
        var length = 0;
        foreach (var id in tokens)
        {
            length += TokenBytes(id).Length;
        }

        var bytes = new byte[length];
        var offset = 0;
        foreach (var id in tokens)
        {
            var token = TokenBytes(id);
            token.CopyTo(bytes.AsSpan(offset));
            offset += token.Length;
        }

        return bytes;
    }

    /// <summary>Decodes with timestamps and other specials written out, e.g. "&lt;|0.00|&gt; Hello&lt;|1.20|&gt;".</summary>
    public string DecodeWithSpecials(ReadOnlySpan<int> tokens)
    {
        var text = new StringBuilder();
        var start = 0;
        for (var i = 0; i <= tokens.Length; i++)
        {
            if (i < tokens.Length && tokens[i] < EndOfText)
            {
                continue;
            }

            text.Append(Decode(tokens[start..i]));
            if (i < tokens.Length)
            {
                text.Append(_specialText.TryGetValue(tokens[i], out var special) ? special : $"<|id:{tokens[i]}|>");
            }

            start = i + 1;
        }

        return text.ToString();
    }

    /// <summary>The UTF-8 bytes of one ordinary token; empty for specials and ids outside the vocabulary.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is negative.</exception>
    public ReadOnlySpan<byte> TokenBytes(int tokenId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokenId);
        return tokenId < EndOfText ? _vocabulary.Bytes(tokenId) : default;
    }

    /// <summary>A decoder that holds back characters split across tokens; one per stream.</summary>
    public StreamingTokenDecoder CreateStreamingDecoder() => new(this);

    private static WhisperTokenizer Bundled(bool multilingual, int numLanguages)
    {
        ValidateLanguageCount(numLanguages);
        return s_bundled.GetOrAdd((multilingual, numLanguages), static key => new Lazy<WhisperTokenizer>(() =>
        {
            var name = key.Multilingual ? WhisperAssets.MultilingualVocabulary : WhisperAssets.EnglishVocabulary;
            using var stream = WhisperAssets.Open(name);
            var vocabulary = BpeVocabulary.ReadTiktoken(stream, name);
            var specials = WhisperSpecialTokens.Numbered(vocabulary.Count, key.NumLanguages);
            return new WhisperTokenizer(vocabulary, specials, key.Multilingual, key.NumLanguages);
        })).Value;
    }

    private static void ValidateLanguageCount(int numLanguages)
    {
        if (numLanguages < 1 || numLanguages > WhisperLanguages.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(numLanguages), numLanguages,
                $"Whisper models know 1 to {WhisperLanguages.Count} languages (99 before large-v3, 100 from large-v3).");
        }
    }

    // openai/whisper Tokenizer.non_speech_tokens, step for step.
    private int[] ComputeNonSpeechTokens()
    {
        var symbols = new List<string>();
        foreach (var c in "\"#()*+/:;<=>@[\\]^_`{|}~「」『』")
        {
            symbols.Add(c.ToString());
        }

        symbols.AddRange("<< >> <<< >>> -- --- -( -[ (' (\" (( )) ((( ))) [[ ]] {{ }} ♪♪ ♪♪♪".Split(' '));
        // Between U+2640 and U+267F: if they span several tokens, their shared first token is suppressed.
        const string miscellaneous = "♩♪♫♬♭♮♯";

        var result = new SortedSet<int> { Encode(" -")[0], Encode(" '")[0] };
        foreach (var symbol in symbols)
        {
            foreach (var tokens in new[] { Encode(symbol), Encode(" " + symbol) })
            {
                if (tokens.Length == 1)
                {
                    result.Add(tokens[0]);
                }
            }
        }

        foreach (var c in miscellaneous)
        {
            result.Add(Encode(c.ToString())[0]);
            result.Add(Encode(" " + c)[0]);
        }

        return [.. result];
    }
}
