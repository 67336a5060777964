using Eavesdrop.Protocol;

namespace Eavesdrop.EndToEnd.Tests.Client;

public class ClientSubscribeAndHealthCommandTests
{
    [Fact]
    public async Task Subscribe_TwoStreams_SendsHeadersAndPrintsTranscriptionsAndStatus()
    {
        IReadOnlyDictionary<string, string>? headers = null;
        var segments = Scripts.JfkSegments();
        await using var server = await ScriptedServer.StartAsync(async connection =>
        {
            headers = connection.Headers;
            // replayed cache, then a live window that overlaps it, then a status change
            await connection.SendAsync(Scripts.Window("office", segments[0], Scripts.Tail(" ask", 2.5, 3)));
            await connection.SendAsync(Scripts.Window("kitchen", segments[0], Scripts.Tail("", 2.5, 2.5)));
            await connection.SendAsync(Scripts.Window("office", segments[0], segments[1], Scripts.Tail("", 6, 6)));
            await connection.SendAsync(new StreamStatusMessage { Timestamp = 3, Stream = "kitchen", Status = StreamStatus.Offline, Message = "ffmpeg exited" });
            await connection.SendAsync(new DisconnectMessage { Timestamp = 4, Stream = "office", Message = "server shutting down" });
            await connection.CloseAsync();
        });

        var (exitCode, output, error) = await CliRunner.RunAsync("client", "subscribe", "office", "kitchen", "--url", server.Uri.ToString());

        server.ThrowIfScriptFailed();
        Assert.True(exitCode == 0, error);
        Assert.Equal("rtsp_subscriber", headers!["X-Client-Type"]);
        Assert.Equal("office,kitchen", headers["X-Stream-Names"]);
        Assert.Equal(
            [
                "[office] [   0.00s →    2.50s] And so my fellow Americans,",
                "[kitchen] [   0.00s →    2.50s] And so my fellow Americans,",
                "[office] [   2.50s →    6.00s] ask not what your country can do for you,",
                "[kitchen] status: offline (ffmpeg exited)",
            ],
            CliRunner.Lines(output));
        Assert.Contains("disconnected: server shutting down", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_UnknownStream_ExitsOneWithTheServersError()
    {
        await using var server = await ScriptedServer.StartAsync(async connection =>
        {
            await connection.SendAsync(new ErrorMessage { Timestamp = 1, Message = "unknown stream 'garage'; available: office, kitchen" });
            await connection.CloseAsync();
        });

        var (exitCode, _, error) = await CliRunner.RunAsync("client", "subscribe", "garage", "--url", server.Uri.ToString());

        Assert.Equal(1, exitCode);
        Assert.Contains("unknown stream 'garage'; available: office, kitchen", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_ServerAcceptsProbe_ExitsZero()
    {
        var probe = new TaskCompletionSource<(string? Kind, ProtocolMessage? Message)>();
        await using var server = await ScriptedServer.StartAsync(async connection =>
        {
            var frame = await connection.ReceiveAsync();
            probe.SetResult((connection.Headers.GetValueOrDefault("X-Client-Type"), frame?.Message));
            await connection.CloseAsync();
        });

        var (exitCode, output, error) = await CliRunner.RunAsync("client", "health", "--url", server.Uri.ToString());

        Assert.True(exitCode == 0, error);
        Assert.StartsWith("healthy:", output, StringComparison.Ordinal);
        var (kind, message) = await probe.Task;
        Assert.Equal("health_check", kind);
        Assert.IsType<HealthCheckMessage>(message);
    }

    [Fact]
    public async Task Health_ServerAnswersError_ExitsOne()
    {
        await using var server = await ScriptedServer.StartAsync(async connection =>
        {
            await connection.ReceiveAsync();
            await connection.SendAsync(new ErrorMessage { Timestamp = 1, Message = "engine not loaded" });
            await connection.CloseAsync();
        });

        var (exitCode, _, error) = await CliRunner.RunAsync("client", "health", "--url", server.Uri.ToString());

        Assert.Equal(1, exitCode);
        Assert.Contains("unhealthy: server answered error: engine not loaded", error, StringComparison.Ordinal);
    }
}
