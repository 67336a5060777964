using System.Globalization;
using Eavesdrop.Server.Configuration.Yaml;

namespace Eavesdrop.Server.Configuration;

/// <summary>Walks a mapping's keys, reporting non-text, empty and duplicate keys and yielding the rest.</summary>
internal static class MappingKeys
{
    /// <param name="noun">What a key is called in messages: "key" or "stream name".</param>
    public static IEnumerable<(string Key, YamlMappingEntry Entry)> Unique(
        YamlMapping mapping, string? parentPath, string noun, ConfigurationErrorCollector errors)
    {
        var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            if (entry.Key is not YamlScalar scalar)
            {
                errors.Add(parentPath, entry.Key, $"a {noun} must be plain text, got {entry.Key.Describe()}");
                continue;
            }

            var key = scalar.IsNull ? "" : scalar.Value;
            var path = string.IsNullOrEmpty(parentPath) ? key : $"{parentPath}.{key}";
            if (string.IsNullOrWhiteSpace(key))
            {
                errors.Add(parentPath, entry.Key, $"empty {noun}");
                continue;
            }

            if (firstLines.TryGetValue(key, out var firstLine))
            {
                errors.Add(path, entry.Key, string.Create(
                    CultureInfo.InvariantCulture, $"duplicate {noun} '{key}' (first defined on line {firstLine})"));
                continue;
            }

            firstLines.Add(key, entry.Key.Line);
            yield return (key, entry);
        }
    }
}
