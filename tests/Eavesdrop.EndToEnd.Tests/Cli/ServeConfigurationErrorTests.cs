using System.Text.Json;

namespace Eavesdrop.EndToEnd.Tests.Cli;

/// <summary>
/// Every kind of configuration problem, through the real <c>eavesdrop serve</c> process: exit code 2,
/// one Critical line per problem naming the file, the key and the line, nothing on stdout, nothing listening.
/// </summary>
public sealed class ServeConfigurationErrorTests
{
    [Fact]
    public async Task Serve_MissingConfigFile_CriticalNamingFileAndExit2()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"eavesdrop-missing-{Guid.NewGuid():N}.yaml");
        await using var run = await ServeRun.WithArgumentsAsync(null, "--config", missing);

        var line = AssertRejected(run, expectedProblems: 1);
        Assert.Contains($"Invalid configuration {missing}: configuration file not found", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_InvalidYaml_CriticalWithLineAndExit2()
    {
        await using var run = await ServeRun.WithConfigTextAsync("streams:\n  office: rtsp://cam/office\n kitchen: rtsp://cam/kitchen\n");

        var line = AssertRejected(run, expectedProblems: 1);
        Assert.Contains($"{run.ConfigPath}:3:", line, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("server:\n  port: 9191\n")]
    public async Task Serve_NoStreamsMapping_CriticalAtStreamsAndExit2(string yaml)
    {
        await using var run = await ServeRun.WithConfigTextAsync(yaml);

        var line = AssertRejected(run, expectedProblems: 1);
        Assert.Contains($"{run.ConfigPath}", line, StringComparison.Ordinal);
        Assert.Contains("streams: ", line, StringComparison.Ordinal);
        Assert.Contains("'streams' mapping", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_StreamsNotAMapping_CriticalAtStreamsWithLineAndExit2()
    {
        await using var run = await ServeRun.WithConfigTextAsync("streams:\n  - rtsp://cam/office\n");

        var line = AssertRejected(run, expectedProblems: 1);
        Assert.Contains($"{run.ConfigPath}:2:3: streams: 'streams' must be a mapping", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_NonRtspUrl_CriticalAtStreamKeyAndExit2()
    {
        await using var run = await ServeRun.WithConfigTextAsync("streams:\n  office: rtsp://cam/office\n  kitchen: http://cam/kitchen\n");

        var line = AssertRejected(run, expectedProblems: 1);
        Assert.Contains($"{run.ConfigPath}:3:12: streams.kitchen: the URL must start with rtsp:// or rtsps://", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_EmptyStreamName_CriticalWithLineAndExit2()
    {
        await using var run = await ServeRun.WithConfigTextAsync("streams:\n  office: rtsp://cam/office\n  \"\": rtsp://cam/nameless\n");

        var line = AssertRejected(run, expectedProblems: 1);
        Assert.Contains($"{run.ConfigPath}:3:3: streams: empty stream name", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_DuplicateStreamName_CriticalWithBothLinesAndExit2()
    {
        await using var run = await ServeRun.WithConfigTextAsync("streams:\n  office: rtsp://cam/one\n  office: rtsp://cam/two\n");

        var line = AssertRejected(run, expectedProblems: 1);
        Assert.Contains($"{run.ConfigPath}:3:3: streams.office: duplicate stream name 'office' (first defined on line 2)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UnknownKey_CriticalWithSuggestionAndExit2()
    {
        await using var run = await ServeRun.WithConfigTextAsync("streams: {}\nserver:\n  max_sesions: 4\n");

        var line = AssertRejected(run, expectedProblems: 1);
        Assert.Contains($"{run.ConfigPath}:3:3: server.max_sesions: unknown key 'max_sesions' in section 'server'; did you mean 'max_sessions'?", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WrongType_CriticalAtKeyAndExit2()
    {
        await using var run = await ServeRun.WithConfigTextAsync("streams: {}\nvad:\n  enabled: maybe\n");

        var line = AssertRejected(run, expectedProblems: 1);
        Assert.Contains($"{run.ConfigPath}:3:12: vad.enabled: expected true or false, got 'maybe'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_OutOfRange_CriticalAtKeyAndExit2()
    {
        await using var run = await ServeRun.WithConfigTextAsync("streams: {}\nserver:\n  port: 70000\n");

        var line = AssertRejected(run, expectedProblems: 1);
        Assert.Contains($"{run.ConfigPath}:3:9: server.port: must be between 0 and 65535 (got 70000)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_SeveralProblems_OneCriticalLineEach()
    {
        const string yaml = """
            streams:
              office: http://cam/office
              office: rtsp://cam/again
            engine:
              name: vosk
            vad:
              threshold: 3
            """;
        await using var run = await ServeRun.WithConfigTextAsync(yaml);

        AssertRejected(run, expectedProblems: 4);
        Assert.Equal(
            ["streams.office", "streams.office", "engine.name", "vad.threshold"],
            run.CriticalLines.Select(l => l.Split(": ")[2]));
    }

    [Fact]
    public async Task Serve_JsonLogs_EveryLineIsJsonAndProblemsCarryFileKeyAndLine()
    {
        await using var run = await ServeRun.WithConfigTextAsync("streams:\n  office: ftp://cam/office\nserver:\n  port: nine\n", "--json-logs");

        Assert.Equal(2, run.Process.ExitCode);
        Assert.Empty(run.Process.StandardOutputLines);
        var events = run.Process.StandardErrorLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var critical = events.Where(e => e.TryGetProperty("@l", out var level) && level.GetString() == "Fatal").ToList();
        Assert.Equal(2, critical.Count);
        Assert.All(critical, e => Assert.Equal(run.ConfigPath, e.GetProperty("ConfigFile").GetString()));
        Assert.Equal(["streams.office", "server.port"], critical.Select(e => e.GetProperty("KeyPath").GetString()));
        Assert.Equal([2, 4], critical.Select(e => e.GetProperty("Line").GetInt32()));
        Assert.All(critical, e => Assert.Equal("Eavesdrop.Configuration", e.GetProperty("SourceContext").GetString()));
        Assert.False(LoopbackPorts.IsListening(run.Port));
    }

    /// <summary>Exit 2, nothing on stdout, exactly <paramref name="expectedProblems"/> Critical lines, nothing listening; returns the first Critical line.</summary>
    private static string AssertRejected(ServeRun run, int expectedProblems)
    {
        var description = run.Process.Describe();
        Assert.True(run.Process.ExitCode == 2, description);
        Assert.True(run.Process.StandardOutputLines.Count == 0, description);
        Assert.True(run.CriticalLines.Count == expectedProblems, description);
        Assert.False(LoopbackPorts.IsListening(run.Port), $"something listens on {run.Port}\n{description}");
        return run.CriticalLines[0];
    }
}
