namespace Eavesdrop.Tests.Common.Speech;

/// <summary>
/// Word error rate: (substitutions + deletions + insertions) / reference words, from a word-level
/// Levenshtein alignment of the two texts after <see cref="TranscriptNormalizer"/> (default
/// <see cref="TranscriptNormalizer.Basic"/>). An empty reference gives 0 for an empty hypothesis and
/// the number of inserted words otherwise.
/// </summary>
public readonly record struct WordErrorRate(int Substitutions, int Deletions, int Insertions, int ReferenceWords)
{
    public int Errors => Substitutions + Deletions + Insertions;

    public double Rate => (double)Errors / Math.Max(ReferenceWords, 1);

    public static WordErrorRate Compute(string reference, string hypothesis, TranscriptNormalizer? normalizer = null)
    {
        normalizer ??= TranscriptNormalizer.Basic;
        return Compute(normalizer.Words(reference), normalizer.Words(hypothesis));
    }

    /// <summary>Pooled over several utterances: the sums of each one's errors and reference words.</summary>
    public static WordErrorRate Total(IEnumerable<WordErrorRate> parts) =>
        parts.Aggregate(default(WordErrorRate), (sum, part) => new WordErrorRate(
            sum.Substitutions + part.Substitutions,
            sum.Deletions + part.Deletions,
            sum.Insertions + part.Insertions,
            sum.ReferenceWords + part.ReferenceWords));

    public static WordErrorRate Compute(IReadOnlyList<string> reference, IReadOnlyList<string> hypothesis)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(hypothesis);

        // cost[i, j] aligns reference[..i] with hypothesis[..j]; ties prefer substitution, then deletion.
        var rows = reference.Count + 1;
        var cols = hypothesis.Count + 1;
        var cost = new int[rows, cols];
        for (var i = 0; i < rows; i++)
        {
            cost[i, 0] = i;
        }

        for (var j = 0; j < cols; j++)
        {
            cost[0, j] = j;
        }

        for (var i = 1; i < rows; i++)
        {
            for (var j = 1; j < cols; j++)
            {
                var match = string.Equals(reference[i - 1], hypothesis[j - 1], StringComparison.Ordinal) ? 0 : 1;
                cost[i, j] = Math.Min(cost[i - 1, j - 1] + match, Math.Min(cost[i - 1, j] + 1, cost[i, j - 1] + 1));
            }
        }

        int substitutions = 0, deletions = 0, insertions = 0;
        for (int i = rows - 1, j = cols - 1; i > 0 || j > 0;)
        {
            if (i > 0 && j > 0 && cost[i, j] == cost[i - 1, j - 1] + (string.Equals(reference[i - 1], hypothesis[j - 1], StringComparison.Ordinal) ? 0 : 1))
            {
                if (!string.Equals(reference[i - 1], hypothesis[j - 1], StringComparison.Ordinal))
                {
                    substitutions++;
                }

                i--;
                j--;
            }
            else if (i > 0 && cost[i, j] == cost[i - 1, j] + 1)
            {
                deletions++;
                i--;
            }
            else
            {
                insertions++;
                j--;
            }
        }

        return new WordErrorRate(substitutions, deletions, insertions, reference.Count);
    }

    public override string ToString() =>
        $"WER {Rate:P1} ({Errors}/{ReferenceWords}: {Substitutions} sub, {Deletions} del, {Insertions} ins)";
}
