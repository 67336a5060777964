namespace Eavesdrop.Engine.Whisper.Tokenization;

/// <summary>
/// Whisper's languages in the order of their special tokens (openai/whisper <c>tokenizer.LANGUAGES</c>).
/// Models before large-v3 know the first 99; large-v3 and large-v3-turbo add Cantonese ("yue") as the 100th.
/// </summary>
internal static class WhisperLanguages
{
    public const int Count = 100;
    public const int CountBeforeLargeV3 = 99;

    private static readonly (string Code, string Name)[] s_languages =
    [
        ("en", "english"),
        ("zh", "chinese"),
        ("de", "german"),
        ("es", "spanish"),
        ("ru", "russian"),
        ("ko", "korean"),
        ("fr", "french"),
        ("ja", "japanese"),
        ("pt", "portuguese"),
        ("tr", "turkish"),
        ("pl", "polish"),
        ("ca", "catalan"),
        ("nl", "dutch"),
        ("ar", "arabic"),
        ("sv", "swedish"),
        ("it", "italian"),
        ("id", "indonesian"),
        ("hi", "hindi"),
        ("fi", "finnish"),
        ("vi", "vietnamese"),
        ("he", "hebrew"),
        ("uk", "ukrainian"),
        ("el", "greek"),
        ("ms", "malay"),
        ("cs", "czech"),
        ("ro", "romanian"),
        ("da", "danish"),
        ("hu", "hungarian"),
        ("ta", "tamil"),
        ("no", "norwegian"),
        ("th", "thai"),
        ("ur", "urdu"),
        ("hr", "croatian"),
        ("bg", "bulgarian"),
        ("lt", "lithuanian"),
        ("la", "latin"),
        ("mi", "maori"),
        ("ml", "malayalam"),
        ("cy", "welsh"),
        ("sk", "slovak"),
        ("te", "telugu"),
        ("fa", "persian"),
        ("lv", "latvian"),
        ("bn", "bengali"),
        ("sr", "serbian"),
        ("az", "azerbaijani"),
        ("sl", "slovenian"),
        ("kn", "kannada"),
        ("et", "estonian"),
        ("mk", "macedonian"),
        ("br", "breton"),
        ("eu", "basque"),
        ("is", "icelandic"),
        ("hy", "armenian"),
        ("ne", "nepali"),
        ("mn", "mongolian"),
        ("bs", "bosnian"),
        ("kk", "kazakh"),
        ("sq", "albanian"),
        ("sw", "swahili"),
        ("gl", "galician"),
        ("mr", "marathi"),
        ("pa", "punjabi"),
        ("si", "sinhala"),
        ("km", "khmer"),
        ("sn", "shona"),
        ("yo", "yoruba"),
        ("so", "somali"),
        ("af", "afrikaans"),
        ("oc", "occitan"),
        ("ka", "georgian"),
        ("be", "belarusian"),
        ("tg", "tajik"),
        ("sd", "sindhi"),
        ("gu", "gujarati"),
        ("am", "amharic"),
        ("yi", "yiddish"),
        ("lo", "lao"),
        ("uz", "uzbek"),
        ("fo", "faroese"),
        ("ht", "haitian creole"),
        ("ps", "pashto"),
        ("tk", "turkmen"),
        ("nn", "nynorsk"),
        ("mt", "maltese"),
        ("sa", "sanskrit"),
        ("lb", "luxembourgish"),
        ("my", "myanmar"),
        ("bo", "tibetan"),
        ("tl", "tagalog"),
        ("mg", "malagasy"),
        ("as", "assamese"),
        ("tt", "tatar"),
        ("haw", "hawaiian"),
        ("ln", "lingala"),
        ("ha", "hausa"),
        ("ba", "bashkir"),
        ("jw", "javanese"),
        ("su", "sundanese"),
        ("yue", "cantonese"),
    ];

    private static readonly Dictionary<string, string> s_aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["burmese"] = "my",
        ["valencian"] = "ca",
        ["flemish"] = "nl",
        ["haitian"] = "ht",
        ["letzeburgesch"] = "lb",
        ["pushto"] = "ps",
        ["panjabi"] = "pa",
        ["moldavian"] = "ro",
        ["moldovan"] = "ro",
        ["sinhalese"] = "si",
        ["castilian"] = "es",
        ["mandarin"] = "zh",
    };

    private static readonly Dictionary<string, string> s_codeByName = BuildCodeByName();

    /// <summary>All language codes in token order.</summary>
    public static IReadOnlyList<string> Codes { get; } = Array.ConvertAll(s_languages, l => l.Code);

    /// <summary>English name of a language code ("de" → "german"), or null.</summary>
    public static string? NameOf(string code)
    {
        foreach (var (c, name) in s_languages)
        {
            if (string.Equals(c, code, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>
    /// Normalises a language code or English name (case-insensitive, with whisper's aliases such as "mandarin")
    /// to its code; false when whisper does not know it.
    /// </summary>
    public static bool TryGetCode(string codeOrName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? code)
    {
        ArgumentNullException.ThrowIfNull(codeOrName);
        var key = codeOrName.Trim();
        foreach (var (c, _) in s_languages)
        {
            if (string.Equals(c, key, StringComparison.OrdinalIgnoreCase))
            {
                code = c;
                return true;
            }
        }

        return s_codeByName.TryGetValue(key, out code);
    }

    private static Dictionary<string, string> BuildCodeByName()
    {
        var byName = new Dictionary<string, string>(s_aliases, StringComparer.OrdinalIgnoreCase);
        foreach (var (code, name) in s_languages)
        {
            byName[name] = code;
        }

        return byName;
    }
}
