using System.Globalization;
using Eavesdrop.Server.Configuration.Yaml;

namespace Eavesdrop.Server.Configuration;

/// <summary>
/// Loads and strictly validates the YAML configuration (design §2, §3.3). The design's form,
/// a top-level <c>streams:</c> mapping of name to rtsp(s) URL, is required (<c>streams: {}</c>
/// for none); the other top-level sections are optional (see <see cref="ConfigurationSchema"/>).
/// Every problem is collected, none thrown.
/// </summary>
internal static class ConfigurationLoader
{
    private const string StreamsKey = "streams";

    public static ConfigurationLoadResult Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            if (Directory.Exists(fullPath))
            {
                return Failure(fullPath, "is a directory, not a configuration file");
            }

            text = File.ReadAllText(fullPath);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return Failure(fullPath, "configuration file not found");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Failure(fullPath, $"cannot read the configuration file: {exception.Message}");
        }

        return LoadFromText(text, fullPath);
    }

    /// <summary>Validates YAML <paramref name="text"/>; <paramref name="file"/> only names it in errors and <see cref="EavesdropOptions.ConfigPath"/>.</summary>
    public static ConfigurationLoadResult LoadFromText(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var errors = new ConfigurationErrorCollector(file);
        var root = YamlDocumentReader.Read(text, out var syntaxError);
        if (syntaxError is not null)
        {
            errors.Add(null, syntaxError.Line, syntaxError.Column, syntaxError.Message);
            return ConfigurationLoadResult.Failure(errors.Errors);
        }

        var options = Bind(root, errors) with { ConfigPath = file };
        return errors.Errors.Count == 0 ? ConfigurationLoadResult.Success(options) : ConfigurationLoadResult.Failure(errors.Errors);
    }

    private static EavesdropOptions Bind(YamlNode? root, ConfigurationErrorCollector errors)
    {
        var options = new EavesdropOptions();
        if (root is null or YamlScalar { IsNull: true })
        {
            errors.Add(StreamsKey, root, "the file is empty; it needs a top-level 'streams' mapping of name: rtsp://… URL ('streams: {}' for none)");
            return options;
        }

        if (root is not YamlMapping mapping)
        {
            errors.Add(null, root, $"the top level must be a mapping with a 'streams' key, got {root.Describe()}");
            return options;
        }

        var sawStreams = false;
        foreach (var (key, entry) in MappingKeys.Unique(mapping, null, "key", errors))
        {
            var value = entry.Value;
            switch (key)
            {
                case StreamsKey:
                    sawStreams = true;
                    options = options with { Streams = BindStreams(value, errors) };
                    break;
                case "server":
                    options = options with { Server = ConfigurationSchema.Server.Bind(value, options.Server, errors) };
                    break;
                case "engine":
                    options = options with { Engine = ConfigurationSchema.Engine.Bind(value, options.Engine, errors) };
                    break;
                case "transcription":
                    options = options with { Transcription = ConfigurationSchema.Transcription.Bind(value, options.Transcription, errors) };
                    break;
                case "streaming":
                    options = options with { Streaming = ConfigurationSchema.Streaming.Bind(value, options.Streaming, errors) };
                    break;
                case "vad":
                    options = options with { Vad = ConfigurationSchema.Vad.Bind(value, options.Vad, errors) };
                    break;
                case "rtsp":
                    options = options with { Rtsp = ConfigurationSchema.Rtsp.Bind(value, options.Rtsp, errors) };
                    break;
                case "history":
                    options = options with { History = ConfigurationSchema.History.Bind(value, options.History, errors) };
                    break;
                default:
                    errors.Add(key, entry.Key, ConfigurationSection<EavesdropOptions>.UnknownKeyMessage(key, "the top level", ConfigurationSchema.TopLevelKeys));
                    break;
            }
        }

        if (!sawStreams)
        {
            errors.Add(StreamsKey, null, null, "missing the top-level 'streams' mapping of name: rtsp://… URL ('streams: {}' for none)");
        }

        CheckCombinations(options, mapping, errors);
        return options;
    }

    private static List<StreamDefinition> BindStreams(YamlNode node, ConfigurationErrorCollector errors)
    {
        var streams = new List<StreamDefinition>();
        if (node is not YamlMapping mapping)
        {
            errors.Add(StreamsKey, node, $"'streams' must be a mapping of name: rtsp://… URL ('streams: {{}}' for none), got {node.Describe()}");
            return streams;
        }

        foreach (var (name, entry) in MappingKeys.Unique(mapping, StreamsKey, "stream name", errors))
        {
            var path = $"{StreamsKey}.{name}";
            if (name != name.Trim() || name.Contains(',', StringComparison.Ordinal) || name.Any(char.IsControl))
            {
                // Subscribers list stream names comma-separated (PROTOCOL.md), so these could never be asked for.
                errors.Add(path, entry.Key, $"stream name '{name}' must not contain commas, control characters or leading/trailing spaces");
                continue;
            }

            if (TryReadStreamUrl(entry.Value, path, errors, out var url))
            {
                streams.Add(new StreamDefinition(name, url));
            }
        }

        return streams;
    }

    /// <summary>The URL itself is never echoed: it may carry credentials.</summary>
    private static bool TryReadStreamUrl(YamlNode node, string path, ConfigurationErrorCollector errors, out Uri url)
    {
        url = null!;
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            errors.Add(path, node, $"expected an rtsp:// or rtsps:// URL, got {node.Describe()}");
            return false;
        }

        var text = scalar.Value.Trim();
        if (!text.Contains("://", StringComparison.Ordinal) || !Uri.TryCreate(text, UriKind.Absolute, out var parsed))
        {
            errors.Add(path, node, "not a valid URL; expected rtsp://host[:port]/path or rtsps://…");
            return false;
        }

        if (parsed.Scheme is not ("rtsp" or "rtsps"))
        {
            errors.Add(path, node, $"the URL must start with rtsp:// or rtsps:// (got scheme '{parsed.Scheme}')");
            return false;
        }

        if (string.IsNullOrEmpty(parsed.Host))
        {
            errors.Add(path, node, "the URL has no host; expected rtsp://host[:port]/path");
            return false;
        }

        url = parsed;
        return true;
    }

    private static void CheckCombinations(EavesdropOptions options, YamlMapping root, ConfigurationErrorCollector errors)
    {
        var streaming = options.Streaming;
        if (streaming.MinChunkSeconds > streaming.MaxWindowSeconds)
        {
            var at = FindValue(root, "streaming", "min_chunk_seconds");
            errors.Add("streaming.min_chunk_seconds", at, string.Create(
                CultureInfo.InvariantCulture,
                $"must not exceed streaming.max_window_seconds ({streaming.MinChunkSeconds} > {streaming.MaxWindowSeconds})"));
        }
    }

    private static YamlNode? FindValue(YamlMapping root, string section, string key) =>
        root.Entries.FirstOrDefault(e => e.Key is YamlScalar { Value: var s } && s == section)?.Value is YamlMapping mapping
            ? mapping.Entries.FirstOrDefault(e => e.Key is YamlScalar { Value: var k } && k == key)?.Value
            : null;

    private static ConfigurationLoadResult Failure(string file, string message) =>
        ConfigurationLoadResult.Failure([new ConfigurationError(file, null, null, null, message)]);
}
