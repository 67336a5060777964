using System.Globalization;
using Eavesdrop.Server.Configuration.Yaml;

namespace Eavesdrop.Server.Configuration;

/// <summary>
/// One YAML value being converted to an option. Each <c>TryRead…</c> either yields the value or
/// records one error naming the key path and the value's line, and returns false.
/// Numbers are read from their text whether quoted or not; only plain scalars can be null.
/// </summary>
internal sealed class ConfigurationValue(YamlNode node, string keyPath, ConfigurationErrorCollector errors)
{
    public YamlNode Node { get; } = node;

    public string KeyPath { get; } = keyPath;

    public bool IsNull => Node is YamlScalar { IsNull: true };

    public void Fail(string message) => errors.Add(KeyPath, Node, message);

    public bool TryReadInt(int min, int max, out int value)
    {
        value = 0;
        if (!TryReadScalar("a whole number", out var text))
        {
            return false;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            Fail($"expected a whole number, got {Node.Describe()}");
            return false;
        }

        if (parsed < min || parsed > max)
        {
            Fail($"{RangeText(min, max, minExclusive: false)} (got {text})");
            return false;
        }

        value = (int)parsed;
        return true;
    }

    public bool TryReadOptionalInt(int min, int max, out int? value)
    {
        value = null;
        if (IsNull)
        {
            return true;
        }

        var ok = TryReadInt(min, max, out var parsed);
        value = ok ? parsed : null;
        return ok;
    }

    public bool TryReadNumber(double min, double max, bool minExclusive, out double value)
    {
        value = 0;
        if (!TryReadScalar("a number", out var text))
        {
            return false;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            Fail($"expected a number, got {Node.Describe()}");
            return false;
        }

        if (value < min || (minExclusive && value <= min) || value > max)
        {
            Fail($"{RangeText(min, max, minExclusive)} (got {text})");
            return false;
        }

        return true;
    }

    /// <summary>A duration written as a number of seconds (fractions allowed).</summary>
    public bool TryReadSeconds(double min, double max, bool minExclusive, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (!TryReadNumber(min, max, minExclusive, out var seconds))
        {
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>Like <see cref="TryReadSeconds"/>, but <c>null</c> is allowed and means "no limit".</summary>
    public bool TryReadOptionalSeconds(double min, double max, bool minExclusive, out TimeSpan? value)
    {
        value = null;
        if (IsNull)
        {
            return true;
        }

        var ok = TryReadSeconds(min, max, minExclusive, out var seconds);
        value = ok ? seconds : null;
        return ok;
    }

    public bool TryReadBool(out bool value)
    {
        value = false;
        if (!TryReadScalar("true or false", out var text))
        {
            return false;
        }

        if (!bool.TryParse(text, out value))
        {
            Fail($"expected true or false, got {Node.Describe()}");
            return false;
        }

        return true;
    }

    /// <summary>Non-empty text.</summary>
    public bool TryReadText(out string value)
    {
        value = "";
        if (!TryReadScalar("text", out var text))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            Fail("must not be empty");
            return false;
        }

        value = text;
        return true;
    }

    /// <summary>Text, or null when the value is null or empty.</summary>
    public bool TryReadOptionalText(out string? value)
    {
        value = null;
        if (IsNull)
        {
            return true;
        }

        if (!TryReadScalar("text", out var text))
        {
            return false;
        }

        value = string.IsNullOrWhiteSpace(text) ? null : text;
        return true;
    }

    /// <summary>One of <paramref name="choices"/> (compared ignoring case, returned as listed).</summary>
    public bool TryReadChoice(IReadOnlyList<string> choices, out string value)
    {
        value = "";
        if (!TryReadScalar($"one of {string.Join(", ", choices)}", out var text))
        {
            return false;
        }

        var match = choices.FirstOrDefault(choice => string.Equals(choice, text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            Fail($"must be one of {string.Join(", ", choices)} (got {Node.Describe()})");
            return false;
        }

        value = match;
        return true;
    }

    /// <summary>A list of non-empty texts; a single text is read as a list of one.</summary>
    public bool TryReadTextList(out IReadOnlyList<string> value)
    {
        value = [];
        if (IsNull)
        {
            return true;
        }

        if (Node is YamlScalar)
        {
            var ok = TryReadText(out var single);
            value = ok ? [single] : [];
            return ok;
        }

        if (Node is not YamlSequence sequence)
        {
            Fail($"expected a list of texts, got {Node.Describe()}");
            return false;
        }

        var items = new List<string>(sequence.Items.Count);
        var allRead = true;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = new ConfigurationValue(sequence.Items[i], $"{KeyPath}[{i}]", errors);
            if (item.TryReadText(out var text))
            {
                items.Add(text);
            }
            else
            {
                allRead = false;
            }
        }

        value = items;
        return allRead;
    }

    private bool TryReadScalar(string expected, out string text)
    {
        text = "";
        if (Node is not YamlScalar scalar)
        {
            Fail($"expected {expected}, got {Node.Describe()}");
            return false;
        }

        if (scalar.IsNull)
        {
            Fail($"expected {expected}, got null");
            return false;
        }

        text = scalar.Value.Trim();
        return true;
    }

    private static string RangeText(double min, double max, bool minExclusive)
    {
        var low = min.ToString(CultureInfo.InvariantCulture);
        var high = max.ToString(CultureInfo.InvariantCulture);
        var unbounded = max >= int.MaxValue;
        return (minExclusive, unbounded) switch
        {
            (true, true) => $"must be greater than {low}",
            (false, true) => $"must be at least {low}",
            (true, false) => $"must be greater than {low} and at most {high}",
            (false, false) => $"must be between {low} and {high}",
        };
    }
}
