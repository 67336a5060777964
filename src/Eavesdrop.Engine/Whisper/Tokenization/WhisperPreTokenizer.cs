using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Eavesdrop.Engine.Whisper.Tokenization;

/// <summary>
/// Splits text into the pieces BPE runs on, exactly as Whisper's (GPT-2's) tiktoken pattern
/// <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c> does on code points.
/// </summary>
/// <remarks>
/// A .NET <see cref="System.Text.RegularExpressions.Regex"/> with that pattern sees UTF-16 code units, so a
/// letter outside the BMP (e.g. CJK Extension B) is two surrogates and falls into the "other" class; this
/// matcher classifies whole code points (<see cref="Rune"/>) like tiktoken does. <c>\s</c> is Unicode
/// White_Space, as in tiktoken's regex engine.
/// </remarks>
internal sealed class WhisperPreTokenizer : PreTokenizer
{
    public static WhisperPreTokenizer Instance { get; } = new();

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) =>
        string.IsNullOrEmpty(text) ? [] : Split(text.AsSpan());

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) =>
        text.IsEmpty ? [] : Split(text);

    /// <summary>The (offset, length) pieces of <paramref name="text"/>, in UTF-16 units.</summary>
    public static List<(int Offset, int Length)> Split(ReadOnlySpan<char> text)
    {
        var pieces = new List<(int Offset, int Length)>();
        var position = 0;
        while (position < text.Length)
        {
            var end = MatchAt(text, position);
            pieces.Add((position, end - position));
            position = end;
        }

        return pieces;
    }

    // Returns the end of the match starting at `start`, trying the pattern's alternatives in order.
    private static int MatchAt(ReadOnlySpan<char> text, int start)
    {
        if (text[start] == '\'' && MatchContraction(text[start..]) is var contraction and > 0)
        {
            return start + contraction;
        }

        var afterSpace = text[start] == ' ' ? start + 1 : start;
        if (afterSpace < text.Length)
        {
            var kind = Classify(text, afterSpace, out _);
            if (kind != CharKind.Space)
            {
                return SkipWhile(text, afterSpace, kind);
            }
        }

        // Whitespace run: \s+(?!\S) leaves the last whitespace for the next piece when a non-space follows;
        // a single whitespace before a non-space is matched by the final \s+.
        var runEnd = SkipWhile(text, start, CharKind.Space);
        if (runEnd == text.Length)
        {
            return runEnd;
        }

        var lastStart = PreviousRuneStart(text, runEnd);
        return lastStart > start ? lastStart : runEnd;
    }

    private static int MatchContraction(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<string> contractions = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d"];
        foreach (var contraction in contractions)
        {
            if (text.StartsWith(contraction, StringComparison.Ordinal))
            {
                return contraction.Length;
            }
        }

        return 0;
    }

    private static int SkipWhile(ReadOnlySpan<char> text, int position, CharKind kind)
    {
        while (position < text.Length && Classify(text, position, out var length) == kind)
        {
            position += length;
        }

        return position;
    }

    private static int PreviousRuneStart(ReadOnlySpan<char> text, int end) =>
        end >= 2 && char.IsLowSurrogate(text[end - 1]) && char.IsHighSurrogate(text[end - 2]) ? end - 2 : end - 1;

    private static CharKind Classify(ReadOnlySpan<char> text, int position, out int length)
    {
        // Lone surrogates decode as U+FFFD (a symbol): "other", one unit long.
        Rune.DecodeFromUtf16(text[position..], out var rune, out length);
        if (IsWhiteSpace(rune.Value))
        {
            return CharKind.Space;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharKind.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => CharKind.Number,
            _ => CharKind.Other,
        };
    }

    // Unicode White_Space.
    private static bool IsWhiteSpace(int c) =>
        c is (>= 0x09 and <= 0x0D) or 0x20 or 0x85 or 0xA0 or 0x1680 or (>= 0x2000 and <= 0x200A)
            or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000;

    private enum CharKind
    {
        Space,
        Letter,
        Number,
        Other,
    }
}
