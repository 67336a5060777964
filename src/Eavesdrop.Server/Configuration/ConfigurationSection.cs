using System.Collections;
using Eavesdrop.Server.Configuration.Yaml;

namespace Eavesdrop.Server.Configuration;

/// <summary>
/// The keys one YAML section accepts and how each one sets its options record. Binding reports
/// unknown, duplicate and invalid keys and leaves the defaults in place for them.
/// </summary>
internal sealed class ConfigurationSection<T> : IEnumerable<string>
    where T : class
{
    private readonly Dictionary<string, Func<T, ConfigurationValue, T>> _keys = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public ConfigurationSection(string name) => Name = name;

    /// <summary>The section's key at the top level, e.g. <c>server</c>.</summary>
    public string Name { get; }

    public IReadOnlyList<string> Keys => _order;

    /// <summary>Adds a key; <paramref name="apply"/> returns the record with the key's value set, or unchanged on failure.</summary>
    public void Add(string key, Func<T, ConfigurationValue, T> apply)
    {
        _keys.Add(key, apply);
        _order.Add(key);
    }

    public T Bind(YamlNode node, T defaults, ConfigurationErrorCollector errors)
    {
        if (node is YamlScalar { IsNull: true })
        {
            return defaults;
        }

        if (node is not YamlMapping mapping)
        {
            errors.Add(Name, node, $"expected a mapping of settings ({string.Join(", ", _order)}), got {node.Describe()}");
            return defaults;
        }

        var options = defaults;
        foreach (var (key, entry) in MappingKeys.Unique(mapping, Name, "key", errors))
        {
            var path = $"{Name}.{key}";
            if (_keys.TryGetValue(key, out var apply))
            {
                options = apply(options, new ConfigurationValue(entry.Value, path, errors));
            }
            else
            {
                errors.Add(path, entry.Key, UnknownKeyMessage(key, $"section '{Name}'", _order));
            }
        }

        return options;
    }

    public static string UnknownKeyMessage(string key, string where, IEnumerable<string> known)
    {
        var suggestion = KeySuggestion.Find(key, known);
        return suggestion is null
            ? $"unknown key '{key}' in {where}; known keys: {string.Join(", ", known)}"
            : $"unknown key '{key}' in {where}; did you mean '{suggestion}'?";
    }

    public IEnumerator<string> GetEnumerator() => _order.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
