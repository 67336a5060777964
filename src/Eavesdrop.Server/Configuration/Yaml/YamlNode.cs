namespace Eavesdrop.Server.Configuration.Yaml;

/// <summary>
/// A node of a parsed configuration document with its position. Unlike YamlDotNet's representation
/// model, mappings keep duplicate keys so validation can report every one of them.
/// </summary>
internal abstract record YamlNode(int Line, int Column)
{
    /// <summary>How the node is named in messages: "a mapping", "a list", "the text 'abc'".</summary>
    public abstract string Describe();
}

/// <summary>A scalar; <see cref="IsQuoted"/> is false for plain (unquoted) scalars, the only ones that can be null.</summary>
internal sealed record YamlScalar(string Value, bool IsQuoted, int Line, int Column) : YamlNode(Line, Column)
{
    /// <summary>YAML 1.2 core schema nulls: an empty plain scalar, <c>~</c> or <c>null</c>.</summary>
    public bool IsNull => !IsQuoted && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "null" : $"'{Value}'";
}

internal sealed record YamlSequence(IReadOnlyList<YamlNode> Items, int Line, int Column) : YamlNode(Line, Column)
{
    public override string Describe() => "a list";
}

/// <summary>A mapping in document order; the same key may occur more than once.</summary>
internal sealed record YamlMapping(IReadOnlyList<YamlMappingEntry> Entries, int Line, int Column) : YamlNode(Line, Column)
{
    public override string Describe() => "a mapping";
}

internal sealed record YamlMappingEntry(YamlNode Key, YamlNode Value);
