namespace Eavesdrop.Server.Configuration.Yaml;

/// <summary>Why a text is not YAML, and where.</summary>
internal sealed record YamlSyntaxError(string Message, int Line, int Column);
