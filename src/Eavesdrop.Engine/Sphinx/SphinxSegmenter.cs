using System.Text.RegularExpressions;
using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.Engine.Sphinx;

/// <summary>
/// Turns PocketSphinx's best path into <see cref="EngineSegment"/>s: fillers (<c>&lt;s&gt;</c>,
/// <c>&lt;/s&gt;</c>, <c>&lt;sil&gt;</c>, <c>[NOISE]</c>, <c>++GARBAGE++</c>…) are dropped, alternate
/// pronunciation marks (<c>and(2)</c>) are stripped, and a pause of at least the configured length
/// between two words ends a segment.
/// </summary>
internal static partial class SphinxSegmenter
{
    public const double SecondsPerFrame = 0.01;

    public static List<EngineSegment> Segment(IReadOnlyList<RecognizedWord> path, double silenceSeconds, bool includeWords)
    {
        var segments = new List<EngineSegment>();
        var current = new List<RecognizedWord>();
        foreach (var entry in path)
        {
            if (IsFiller(entry.Word))
            {
                continue;
            }

            var word = entry with { Word = StripAlternateMark(entry.Word) };
            if (current.Count > 0 && (word.StartFrame - current[^1].EndFrame - 1) * SecondsPerFrame >= silenceSeconds)
            {
                segments.Add(ToSegment(current, includeWords));
                current.Clear();
            }

            current.Add(word);
        }

        if (current.Count > 0)
        {
            segments.Add(ToSegment(current, includeWords));
        }

        return segments;
    }

    public static bool IsFiller(string word) =>
        word.Length == 0 || word[0] is '<' or '[' || word.StartsWith("++", StringComparison.Ordinal);

    public static string StripAlternateMark(string word) => AlternateMark().Replace(word, string.Empty);

    private static EngineSegment ToSegment(List<RecognizedWord> words, bool includeWords) => new()
    {
        Start = words[0].StartFrame * SecondsPerFrame,
        End = (words[^1].EndFrame + 1) * SecondsPerFrame,
        Text = string.Join(' ', words.Select(w => w.Word)),
        AvgLogProb = words.Average(w => w.LogPosterior),
        Words = includeWords
            ? words.Select(w => new WordTiming(
                w.StartFrame * SecondsPerFrame,
                (w.EndFrame + 1) * SecondsPerFrame,
                w.Word,
                Math.Clamp(Math.Exp(w.LogPosterior), 0, 1))).ToList()
            : null,
    };

    [GeneratedRegex(@"\(\d+\)$", RegexOptions.CultureInvariant)]
    private static partial Regex AlternateMark();
}
