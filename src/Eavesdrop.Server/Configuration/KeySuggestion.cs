using System.Text;

namespace Eavesdrop.Server.Configuration;

/// <summary>The "did you mean" for an unknown key: its snake_case form, or the nearest known key by edit distance.</summary>
internal static class KeySuggestion
{
    public static string? Find(string unknown, IEnumerable<string> known)
    {
        var candidates = known.ToList();
        var normalized = ToSnakeCase(unknown);
        var exact = candidates.FirstOrDefault(candidate => candidate == normalized);
        if (exact is not null)
        {
            return exact;
        }

        var best = candidates
            .Select(candidate => (Candidate: candidate, Distance: Distance(normalized, candidate)))
            .OrderBy(pair => pair.Distance)
            .FirstOrDefault();
        var allowed = Math.Max(1, normalized.Length / 3);
        return best.Candidate is not null && best.Distance <= allowed ? best.Candidate : null;
    }

    /// <summary><c>maxSessions</c>, <c>Max-Sessions</c> and <c>max sessions</c> all become <c>max_sessions</c>.</summary>
    private static string ToSnakeCase(string key)
    {
        var text = new StringBuilder(key.Length + 4);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && text.Length > 0 && text[^1] != '_' && !char.IsUpper(key[i - 1]))
                {
                    text.Append('_');
                }

                text.Append(char.ToLowerInvariant(c));
            }
            else if (c is '-' or ' ' or '.')
            {
                text.Append('_');
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString().Trim('_');
    }

    private static int Distance(string a, string b)
    {
        // Optimal string alignment: edits plus swaps of neighbours ("prot" is one step from "port").
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(d[i - 1, j - 1] + cost, Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
