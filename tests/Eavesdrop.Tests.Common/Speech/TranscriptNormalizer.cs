using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Eavesdrop.Tests.Common.Speech;

/// <summary>
/// Makes a reference and a hypothesis comparable word by word before <see cref="WordErrorRate"/>:
/// <list type="number">
/// <item>lower-case (invariant culture);</item>
/// <item>drop apostrophes (<c>don't</c> → <c>dont</c>), so contractions match however they are spelled;</item>
/// <item>every other character that is not a letter or a digit (punctuation, hyphens, brackets,
/// symbols) becomes a space;</item>
/// <item>collapse runs of white space into single spaces and trim;</item>
/// <item>optionally (<see cref="English"/>), map British spellings to American ones with Whisper's
/// English spelling table (<c>whisper-assets/english.json</c>, e.g. <c>colour</c> → <c>color</c>).</item>
/// </list>
/// It does not spell out numbers (<c>10</c> and <c>ten</c> stay different words) nor strip diacritics.
/// </summary>
public sealed class TranscriptNormalizer
{
    private static readonly Lazy<TranscriptNormalizer> s_english = new(() => WithSpellingTable(Path.Combine(TestPaths.WhisperAssets, "english.json")));

    private readonly IReadOnlyDictionary<string, string> _spellings;

    private TranscriptNormalizer(IReadOnlyDictionary<string, string> spellings)
    {
        _spellings = spellings;
    }

    /// <summary>Case, punctuation and white space rules only.</summary>
    public static TranscriptNormalizer Basic { get; } = new(new Dictionary<string, string>());

    /// <summary><see cref="Basic"/> plus Whisper's British-to-American spelling table.</summary>
    public static TranscriptNormalizer English => s_english.Value;

    /// <summary><see cref="Basic"/> plus a JSON object of <c>"spelling": "replacement"</c> pairs.</summary>
    public static TranscriptNormalizer WithSpellingTable(string jsonPath)
    {
        using var stream = File.OpenRead(jsonPath);
        var table = JsonSerializer.Deserialize<Dictionary<string, string>>(stream)
            ?? throw new InvalidDataException($"{jsonPath} is not a JSON object of spellings.");
        return new TranscriptNormalizer(table);
    }

    public string Normalize(string text) => string.Join(' ', Words(text));

    public IReadOnlyList<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cleaned = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is '\'' or '\u2019')
            {
                continue;
            }

            var category = char.GetUnicodeCategory(c);
            var keep = char.IsLetterOrDigit(c) || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
            cleaned.Append(keep ? c : ' ');
        }

        return cleaned.ToString()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => _spellings.TryGetValue(word, out var american) ? american : word)
            .ToList();
    }
}
