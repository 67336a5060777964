using System.Text.Json;
using Eavesdrop.Tests.Common;

namespace Eavesdrop.EndToEnd.Tests.Transcribe;

/// <summary><c>eavesdrop transcribe</c> as a user runs it: the real executable, real ffmpeg, real engines.</summary>
public sealed class TranscribeExecutableTests(SyntheticWhisperModel model) : IClassFixture<SyntheticWhisperModel>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Transcribe_JfkWithSphinx_PrintsRecognisedEnglish()
    {
        var result = await RunAsync("transcribe", "--engine", "sphinx", "--no-progress", TestPaths.JfkWav);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var text = result.Stdout.ToLowerInvariant();
        Assert.True(text.Contains("country", StringComparison.Ordinal) || text.Contains("americans", StringComparison.Ordinal), $"stdout: {result.Stdout}");
    }

    [Fact]
    public async Task Transcribe_JfkWithSphinxAsSrtIntoOutputDir_WritesNumberedCues()
    {
        var outputDirectory = Path.Combine(Path.GetTempPath(), "eavesdrop-e2e-srt-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = await RunAsync("transcribe", "--engine", "sphinx", "--format", "srt", "--output-dir", outputDirectory, TestPaths.JfkWav);

            Assert.True(result.ExitCode == 0, result.Stderr);
            var srt = await File.ReadAllTextAsync(Path.Combine(outputDirectory, "jfk.srt"), TestContext.Current.CancellationToken);
            var lines = srt.Split('\n');
            Assert.Equal("1", lines[0]);
            Assert.Matches(@"^\d\d:\d\d:\d\d,\d\d\d --> \d\d:\d\d:\d\d,\d\d\d$", lines[1]);
            Assert.Contains("country", srt, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(result.Stdout);
        }
        finally
        {
            if (Directory.Exists(outputDirectory))
            {
                Directory.Delete(outputDirectory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Transcribe_JfkWithSyntheticWhisperModel_ExitsZeroWithWellFormedJson()
    {
        var result = await RunAsync("transcribe", "--engine", "whisper", "--model", model.Directory, "--format", "json", "--no-progress", TestPaths.JfkWav);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var document = JsonDocument.Parse(result.Stdout);
        var root = document.RootElement;
        Assert.Equal("whisper-onnx", root.GetProperty("engine").GetString());
        Assert.Equal(11.0, root.GetProperty("duration").GetDouble(), 0.05);
        foreach (var segment in root.GetProperty("segments").EnumerateArray())
        {
            var start = segment.GetProperty("start").GetDouble();
            var end = segment.GetProperty("end").GetDouble();
            Assert.InRange(start, 0, 11.05);
            Assert.InRange(end, start, 11.05);
            Assert.Equal(JsonValueKind.Array, segment.GetProperty("tokens").ValueKind);
        }
    }

    [Fact]
    public async Task Transcribe_MissingFile_ReportsItAndExitsNonZero()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-audio-" + Guid.NewGuid().ToString("N") + ".wav");

        var result = await RunAsync("transcribe", "--engine", "sphinx", "--no-progress", missing);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(missing, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transcribe_UnknownModelName_ExplainsTheKnownNames()
    {
        var result = await RunAsync("transcribe", "--model", "gigantic-v9", "--no-progress", TestPaths.JfkWav);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("gigantic-v9", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("large-v3-turbo", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transcribe_NamedModelWithoutInternet_ExplainsHowToProvideTheFiles()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var cache = Path.Combine(Path.GetTempPath(), "eavesdrop-e2e-cache-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string?> { ["HF_ENDPOINT"] = $"http://127.0.0.1:{closedPort}/", ["EAVESDROP_MODEL_CACHE"] = cache };
        try
        {
            var result = await RunAsync(["transcribe", "--model", "tiny.en", TestPaths.JfkWav], environment);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"Could not reach http://127.0.0.1:{closedPort}/", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("--model DIR", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("onnx/encoder_model.onnx", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Transcribe_BadFormat_IsRejectedAsBadArguments()
    {
        var result = await RunAsync("transcribe", "--format", "docx", TestPaths.JfkWav);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("docx", result.Stderr, StringComparison.Ordinal);
    }

    private static Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(arguments, environment: null);

    private static async Task<ProcessResult> RunAsync(string[] arguments, IReadOnlyDictionary<string, string?>? environment)
    {
        await using var process = Eavesdrop.Tests.Common.Processes.EavesdropProcess.Start(arguments, environment, TestPaths.RepoRoot);
        var exitCode = await process.WaitForExitAsync(s_timeout, TestContext.Current.CancellationToken);
        return new ProcessResult(exitCode, string.Join('\n', process.StandardOutputLines), string.Join('\n', process.StandardErrorLines));
    }

    private sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);
}
