using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Eavesdrop.Protocol;
using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Tests.Fakes;

namespace Eavesdrop.Server.Tests.Transport;

public class TranscriberProtocolTests
{
    [Fact]
    public async Task LiveSession_SendsReadyTranscriptionsAndDisconnect()
    {
        await using var server = await InProcessServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SendAsync(new SetupMessage { Stream = "mic" });
        var ready = await client.ReceiveAsync<ServerReadyMessage>();
        Assert.Equal("mic", ready.Stream);
        Assert.Equal("fake", ready.Backend);
        await client.SendAsync(new ControlRecordingStartedMessage { Stream = "mic", RecordingId = "r1", SampleRateHz = 16000 });
        foreach (var chunk in TestAudio.Chunks(TestAudio.Concat(TestAudio.Word(0.5, 0.2f), TestAudio.Silence(1.5), TestAudio.Word(0.5, 0.3f), TestAudio.Silence(1.5))))
        {
            await client.SendAudioAsync(chunk);
        }

        await client.SendEndOfAudioAsync();
        var completed = new List<Segment>();
        while (await client.ReceiveAsync() is { } message and not DisconnectMessage)
        {
            if (message is TranscriptionMessage t)
            {
                Assert.Single(t.Segments, s => !s.Completed);
                completed.AddRange(t.Segments.Where(s => s.Completed && completed.All(c => c.Id != s.Id)));
            }
        }

        Assert.Equal(["w20", "w30"], completed.Select(s => s.Text));
        Assert.Equal(SegmentIdChain.NextId(SegmentIdChain.NextId(SegmentIdChain.BaselineId, "w20"), "w30"), completed[1].Id);
    }

    [Fact]
    public async Task TranscriptionJson_OmitsNullFields()
    {
        await using var server = await InProcessServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SetUpAsync();
        await client.SendAudioAsync(TestAudio.Concat(TestAudio.Word(0.5, 0.2f), TestAudio.Silence(1.5)));
        var buffer = new byte[1 << 16];
        while (true)
        {
            var result = await client.Socket.ReceiveAsync(buffer, CancellationToken.None);
            var json = System.Text.Encoding.UTF8.GetString(buffer, 0, result.Count);
            if (json.Contains("\"transcription\"", StringComparison.Ordinal))
            {
                Assert.DoesNotContain("null", json, StringComparison.Ordinal);
                using var doc = JsonDocument.Parse(json);
                Assert.True(doc.RootElement.TryGetProperty("timestamp", out _));
                Assert.False(doc.RootElement.TryGetProperty("flush_complete", out _));
                return;
            }
        }
    }

    [Fact]
    public async Task CloseWithoutEndOfAudio_StillTranscribesWhatWasSent()
    {
        await using var server = await InProcessServer.StartAsync(o => o with { Streaming = new StreamingOptions { IntervalSeconds = 0, MinChunkSeconds = 100 } });
        await using var client = await server.ConnectAsync();
        await client.SetUpAsync();
        await client.SendAudioAsync(TestAudio.Word(1, 0.6f));
        await client.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        var t = await client.ReceiveUntilAsync<TranscriptionMessage>(m => m.Segments.Any(s => s.Completed));
        Assert.Equal("w60", t.Segments.First(s => s.Completed).Text);
        await client.ReceiveUntilAsync<DisconnectMessage>();
    }

    [Fact]
    public async Task HealthCheckClient_GetsReadyAndDisconnect()
    {
        await using var server = await InProcessServer.StartAsync();
        await using var client = await server.ConnectAsync(o => o.SetRequestHeader("x-client-type", "HEALTH_CHECK"));
        Assert.Equal("fake", (await client.ReceiveAsync<ServerReadyMessage>()).Backend);
        await client.ReceiveAsync<DisconnectMessage>();
    }

    [Fact]
    public async Task QueryParameterClientType_IsHonoured_AndWsPathWorks()
    {
        await using var server = await InProcessServer.StartAsync();
        await using var client = await server.ConnectAsync(path: "/ws?client_type=health_check");
        await client.ReceiveAsync<ServerReadyMessage>();
    }

    [Fact]
    public async Task SubscriberWithoutStreams_GetsErrorAndClose()
    {
        await using var server = await InProcessServer.StartAsync();
        await using var client = await server.ConnectAsync(o => o.SetRequestHeader("X-Client-Type", "rtsp_subscriber"));
        Assert.Contains("No RTSP streams", (await client.ReceiveAsync<ErrorMessage>()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionLimit_ExcessConnectionGets1013()
    {
        await using var server = await InProcessServer.StartAsync(o => o with { Server = o.Server with { MaxSessions = 1 } });
        await using var first = await server.ConnectAsync();
        await first.SetUpAsync();
        await using var second = await server.ConnectAsync();
        Assert.Contains("maximum of 1", (await second.ReceiveAsync<ErrorMessage>()).Message, StringComparison.Ordinal);
        Assert.Null(await second.ReceiveAsync());
        Assert.Equal(1013, (int)second.Socket.CloseStatus!);
    }

    [Fact]
    public async Task ApiKey_MissingKeyIsRefusedWith401_BearerAndQueryTokenAccepted()
    {
        await using var server = await InProcessServer.StartAsync(o => o with { Server = o.Server with { ApiKey = "sesame" } });
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => server.ConnectAsync());
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(server.Uri, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);

        await using var bearer = await server.ConnectAsync(o => o.SetRequestHeader("Authorization", "Bearer sesame"));
        await bearer.SetUpAsync();
        await using var query = await server.ConnectAsync(path: "/?token=sesame");
        await query.SetUpAsync();
    }

    [Fact]
    public async Task IdleTranscriber_IsDisconnected()
    {
        await using var server = await InProcessServer.StartAsync(o => o with { Server = o.Server with { IdleTimeout = TimeSpan.FromMilliseconds(300) } });
        await using var client = await server.ConnectAsync();
        await client.SetUpAsync();
        var disconnect = await client.ReceiveUntilAsync<DisconnectMessage>();
        Assert.Contains("Idle", disconnect.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerStop_SendsDisconnectToEverySession()
    {
        var server = await InProcessServer.StartAsync();
        var clients = new List<TestClient>();
        for (var i = 0; i < 3; i++)
        {
            var client = await server.ConnectAsync();
            await client.SetUpAsync($"mic{i}");
            clients.Add(client);
        }

        var stopping = server.StopAsync();
        foreach (var client in clients)
        {
            var disconnect = await client.ReceiveUntilAsync<DisconnectMessage>();
            Assert.Contains("shutting down", disconnect.Message, StringComparison.Ordinal);
            await client.DisposeAsync();
        }

        await stopping;
        await server.DisposeAsync();
    }
}
