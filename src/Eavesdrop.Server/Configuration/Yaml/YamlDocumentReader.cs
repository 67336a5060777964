using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Eavesdrop.Server.Configuration.Yaml;

/// <summary>
/// Reads a YAML text into a <see cref="YamlNode"/> tree through YamlDotNet's parser events, so every
/// node keeps its line and column and duplicate keys survive to be reported.
/// </summary>
internal static class YamlDocumentReader
{
    /// <summary>Far deeper than any configuration; keeps a pathological file from exhausting the stack.</summary>
    private const int MaxDepth = 64;

    /// <summary>
    /// Parses <paramref name="text"/>. Returns the root node of the single document, or null for an
    /// empty document; <paramref name="error"/> is set (and the result null) when the text is not YAML.
    /// </summary>
    public static YamlNode? Read(string text, out YamlSyntaxError? error)
    {
        error = null;
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, anchors, depth: 0);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                var extra = parser.Current!;
                error = new YamlSyntaxError(
                    "the file holds more than one YAML document; put everything in one",
                    LineOf(extra.Start), ColumnOf(extra.Start));
                return null;
            }

            return root;
        }
        catch (YamlException exception)
        {
            error = new YamlSyntaxError(DescribeSyntaxError(exception), LineOf(exception.Start), ColumnOf(exception.Start));
            return null;
        }
    }

    private static YamlNode ReadNode(IParser parser, Dictionary<string, YamlNode> anchors, int depth)
    {
        if (depth > MaxDepth)
        {
            var current = parser.Current!;
            throw new SemanticErrorException(current.Start, current.End, $"nested more than {MaxDepth} levels deep");
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw new SemanticErrorException(alias.Start, alias.End, $"unknown alias '*{alias.Value.Value}'");
        }

        YamlNode node;
        NodeEvent start;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            start = scalar;
            node = new YamlScalar(scalar.Value, scalar.Style is not ScalarStyle.Plain and not ScalarStyle.Any, LineOf(scalar.Start), ColumnOf(scalar.Start));
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            start = sequenceStart;
            var items = new List<YamlNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, anchors, depth + 1));
            }

            node = new YamlSequence(items, LineOf(sequenceStart.Start), ColumnOf(sequenceStart.Start));
        }
        else
        {
            var mappingStart = parser.Consume<MappingStart>();
            start = mappingStart;
            var entries = new List<YamlMappingEntry>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(parser, anchors, depth + 1);
                var value = ReadNode(parser, anchors, depth + 1);
                entries.Add(new YamlMappingEntry(key, value));
            }

            node = new YamlMapping(entries, LineOf(mappingStart.Start), ColumnOf(mappingStart.Start));
        }

        // Registered after the node is complete, so a node cannot contain an alias of itself.
        if (!start.Anchor.IsEmpty)
        {
            anchors[start.Anchor.Value] = node;
        }

        return node;
    }

    private static int LineOf(Mark mark) => (int)mark.Line;

    private static int ColumnOf(Mark mark) => (int)mark.Column;

    /// <summary>YamlDotNet prefixes its messages with the marks, which the error already carries.</summary>
    private static string DescribeSyntaxError(YamlException exception)
    {
        var message = exception.Message;
        var separator = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && separator >= 0)
        {
            message = message[(separator + 3)..];
        }

        return $"not valid YAML: {message.Trim()}";
    }
}

