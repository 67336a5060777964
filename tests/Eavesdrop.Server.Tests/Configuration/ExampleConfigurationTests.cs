using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Configuration.Yaml;
using Eavesdrop.Tests.Common;

namespace Eavesdrop.Server.Tests.Configuration;

/// <summary>The documented example file stays loadable, complete and true to the defaults it shows.</summary>
public sealed class ExampleConfigurationTests
{
    private static readonly string s_examplePath =
        Path.Combine(TestPaths.RepoRoot, "src", "Eavesdrop.Server", "Configuration", "eavesdrop.example.yaml");

    [Fact]
    public void Load_ExampleFile_LoadsWithTheDefaults()
    {
        var result = ConfigurationLoader.Load(s_examplePath);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var options = result.Options!;
        Assert.Equal(["office", "kitchen"], options.Streams.Select(s => s.Name));
        var defaults = new EavesdropOptions();
        Assert.Equal(defaults.Server, options.Server);
        Assert.Equal(defaults.Engine, options.Engine);
        Assert.Equal(defaults.Streaming, options.Streaming);
        Assert.Equal(defaults.Vad, options.Vad);
        Assert.Equal(defaults.Rtsp, options.Rtsp);
        Assert.Equal(defaults.History, options.History);
        Assert.Equal(defaults.Transcription with { Hotwords = [] }, options.Transcription with { Hotwords = [] });
        Assert.Empty(options.Transcription.Hotwords);
    }

    [Fact]
    public void ExampleFile_ShowsEveryKeyOfEverySection()
    {
        var root = (YamlMapping)YamlDocumentReader.Read(File.ReadAllText(s_examplePath), out _)!;
        var shown = root.Entries.ToDictionary(
            e => ((YamlScalar)e.Key).Value,
            e => e.Value is YamlMapping m ? m.Entries.Select(k => ((YamlScalar)k.Key).Value).ToList() : []);

        Assert.Equal(ConfigurationSchema.TopLevelKeys, shown.Keys);
        Assert.Equal(ConfigurationSchema.Server.Keys, shown["server"]);
        Assert.Equal(ConfigurationSchema.Engine.Keys, shown["engine"]);
        Assert.Equal(ConfigurationSchema.Transcription.Keys, shown["transcription"]);
        Assert.Equal(ConfigurationSchema.Streaming.Keys, shown["streaming"]);
        Assert.Equal(ConfigurationSchema.Vad.Keys, shown["vad"]);
        Assert.Equal(ConfigurationSchema.Rtsp.Keys, shown["rtsp"]);
        Assert.Equal(ConfigurationSchema.History.Keys, shown["history"]);
    }
}
