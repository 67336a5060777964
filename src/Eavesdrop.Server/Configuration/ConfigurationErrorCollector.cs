using Eavesdrop.Server.Configuration.Yaml;

namespace Eavesdrop.Server.Configuration;

/// <summary>Gathers the problems of one file so validation can go on and report all of them.</summary>
internal sealed class ConfigurationErrorCollector(string file)
{
    private readonly List<ConfigurationError> _errors = [];

    public string File { get; } = file;

    public IReadOnlyList<ConfigurationError> Errors => _errors;

    public void Add(string? keyPath, YamlNode? at, string message) =>
        _errors.Add(new ConfigurationError(File, keyPath, at?.Line, at?.Column, message));

    public void Add(string? keyPath, int? line, int? column, string message) =>
        _errors.Add(new ConfigurationError(File, keyPath, line, column, message));
}
