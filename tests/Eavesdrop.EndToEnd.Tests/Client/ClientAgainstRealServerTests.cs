using System.Text.Json;
using Eavesdrop.Engine.Sphinx;
using Eavesdrop.Protocol;
using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Hosting;
using Eavesdrop.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eavesdrop.EndToEnd.Tests.Client;

/// <summary>
/// The <c>eavesdrop client</c> CLI against the real server host (Kestrel on 127.0.0.1:0) with the
/// real PocketSphinx engine: what the scripted double cannot show — that the two really agree.
/// </summary>
public sealed class ClientAgainstRealServerTests : IAsyncLifetime
{
    private WebApplication? _app;
    private Uri? _uri;

    public async ValueTask InitializeAsync()
    {
        var options = new EavesdropOptions { Server = new ServerOptions { Host = "127.0.0.1", Port = 0 } };
        var engine = PocketSphinxEngine.Load(new PocketSphinxOptions());
        _app = ServerHost.Build(options, engine, vad: null, NullLoggerFactory.Instance);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        _uri = ServerHost.GetListeningUri(_app);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("--fast")]
    [InlineData("--file-mode")]
    public async Task Stream_JfkWav_PrintsRecognisableChainedSegmentsAndExitsZero(string mode)
    {
        var (exitCode, output, error) = await CliRunner.RunAsync("client", "stream", TestPaths.JfkWav, "--url", _uri!.ToString(), mode, "--json");

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}");
        var segments = CliRunner.Lines(output).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.NotEmpty(segments);
        Assert.Contains("country", output, StringComparison.OrdinalIgnoreCase);

        // Printed once each, in order, and the ids follow the CRC-64 chain from the baseline.
        var previous = SegmentIdChain.BaselineId;
        foreach (var segment in segments)
        {
            var id = segment.GetProperty("id").GetUInt64();
            Assert.Equal(SegmentIdChain.NextId(previous, segment.GetProperty("text").GetString()!), id);
            previous = id;
        }
    }

    [Fact]
    public async Task Health_RealServer_IsHealthy()
    {
        var (exitCode, output, error) = await CliRunner.RunAsync("client", "health", "--url", _uri!.ToString());

        Assert.True(exitCode == 0, error);
        Assert.StartsWith("healthy:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_NoStreamsConfigured_ExitsOneWithTheServersError()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("client", "subscribe", "office", "--url", _uri!.ToString());

        Assert.Equal(1, exitCode);
        Assert.Contains("the server reported an error", error, StringComparison.Ordinal);
    }
}
