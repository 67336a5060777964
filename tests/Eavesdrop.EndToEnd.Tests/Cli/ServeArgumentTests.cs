using Eavesdrop.Tests.Common.Processes;

namespace Eavesdrop.EndToEnd.Tests.Cli;

/// <summary>Bad <c>serve</c> arguments through the real process: a clear message on stderr, exit code 2, nothing listening.</summary>
public sealed class ServeArgumentTests
{
    [Theory]
    [InlineData(new[] { "--bogus" }, "Unrecognized command or argument '--bogus'")]
    [InlineData(new[] { "--port", "70000" }, "--port must be a whole number between 0 and 65535 (got '70000')")]
    [InlineData(new[] { "--port", "-3" }, "--port must be a whole number between 0 and 65535 (got '-3')")]
    [InlineData(new[] { "--port", "ninety" }, "--port must be a whole number between 0 and 65535 (got 'ninety')")]
    [InlineData(new[] { "--log-level", "loud" }, "Argument 'loud' not recognized")]
    [InlineData(new[] { "--engine", "vosk" }, "Argument 'vosk' not recognized")]
    [InlineData(new[] { "--host", "" }, "--host must not be empty")]
    [InlineData(new[] { "--config" }, "--config")]
    public async Task Serve_BadArgument_MessageAndExit2(string[] arguments, string expected)
    {
        await using var run = await ServeRun.WithArgumentsAsync(null, arguments);

        var description = run.Process.Describe();
        Assert.True(run.Process.ExitCode == 2, description);
        Assert.Contains(run.Process.StandardErrorLines, line => line.Contains(expected, StringComparison.Ordinal));
        Assert.Contains("Run 'eavesdrop --help' for usage.", run.Process.StandardErrorLines);
        Assert.False(LoopbackPorts.IsListening(run.Port), description);
    }

    [Fact]
    public async Task ServeHelp_ListsAndExplainsEveryOption()
    {
        await using var process = await EavesdropProcess.RunAsync(["serve", "--help"], ServeRun.Timeout, TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, process.Describe());
        var help = string.Join('\n', process.StandardOutputLines);
        string[] expected =
        [
            "--config <file>", "top-level 'streams' mapping",
            "--host <address>", "[default: 127.0.0.1]",
            "--port <port>", "[default: 9090]", "0 picks a free port",
            "--engine <sphinx|whisper>", "PocketSphinx",
            "--model <model>", "model directory",
            "--json-logs", "one object per line",
            "--log-level <critical|debug|error|information|trace|warning>", "[default: information]",
        ];
        Assert.All(expected, text => Assert.Contains(text, help, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RootHelp_ListsServe()
    {
        await using var process = await EavesdropProcess.RunAsync(["--help"], ServeRun.Timeout, TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, process.Describe());
        Assert.Contains(process.StandardOutputLines, line => line.TrimStart().StartsWith("serve ", StringComparison.Ordinal));
    }
}
