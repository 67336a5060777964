using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Eavesdrop.Server.Ingest;
using Eavesdrop.Tests.Common;
using Eavesdrop.Tests.Common.Rtsp;

namespace Eavesdrop.Server.Tests.Ingest.Integration;

/// <summary>Real ffmpeg against the real GStreamer RTSP server on 127.0.0.1 (design §3.7).</summary>
[Trait("Category", "Integration")]
public sealed class RtspClientIntegrationTests
{
    private const string Password = "Pa55word-xyz";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_LoopingToneMount_DeliversPcmThatResemblesTheSource()
    {
        await using var server = await RtspTestServer.StartAsync([RtspMount.LoopWav("tone", IngestTestAudio.Tone440Wav)], Token);
        await using var live = new LiveClient(server.UrlFor("tone"));
        live.Start();

        // 2 s of audio after the first chunk, which may hold ffmpeg's start-up
        var first = await live.Client.Audio.ReadAsync(Token).AsTask().OrTimeout();
        var pcm = new List<byte>();
        while (pcm.Count < 2 * 32000)
        {
            var chunk = await live.Client.Audio.ReadAsync(Token).AsTask().OrTimeout();
            Assert.Equal(first.Epoch, chunk.Epoch);
            pcm.AddRange(chunk.Pcm.ToArray());
        }

        var samples = new short[pcm.Count / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(pcm.ToArray().AsSpan(i * 2));
        }

        var rms = Math.Sqrt(samples.Average(s => (double)s * s));
        var crossings = 0;
        for (var i = 1; i < samples.Length; i++)
        {
            if ((samples[i - 1] < 0) != (samples[i] < 0))
            {
                crossings++;
            }
        }

        var frequency = crossings / 2.0 / (samples.Length / 16000.0);
        Assert.InRange(rms, IngestTestAudio.Tone440Rms * 0.85, IngestTestAudio.Tone440Rms * 1.15);
        Assert.InRange(frequency, IngestTestAudio.Tone440Frequency * 0.97, IngestTestAudio.Tone440Frequency * 1.03);
        Assert.Equal(StreamState.Transcribing, live.Client.Status.State);
        Assert.True(live.Client.Status.BytesReceived >= pcm.Count);
    }

    [Fact]
    public async Task RunAsync_ServerKilledMidStream_ReconnectsAndTranscribesAgainAfterRestart()
    {
        await using var server = await RtspTestServer.StartAsync([RtspMount.LoopWav("office", TestPaths.JfkWav)], Token);
        await using var live = new LiveClient(server.UrlFor("office"), "office");
        live.StartDraining();
        var online = await live.Statuses.WaitForAsync(StreamState.Transcribing);
        var firstFfmpeg = live.Runner.ProcessIds[0];

        await server.KillAsync(Token);
        var offline = await live.Statuses.WaitForAsync(StreamState.Reconnecting);
        await server.RestartAsync(Token);
        var onlineAgain = await live.Statuses.WaitForAsync(StreamState.Transcribing);

        Assert.Equal(1, online.Current.Epoch);
        Assert.True(offline.WentOffline);
        Assert.Equal(IngestError.Disconnected, offline.End?.Error); // ffmpeg 5.1 exits 0 when the server dies
        Assert.True(onlineAgain.Current.Epoch > 1);
        Assert.True(onlineAgain.Current.ReconnectCount >= 1);
        Assert.False(ProcessTable.Exists(firstFfmpeg));
        // every attempt waited at least the configured delay after the previous end
        var changes = live.Statuses.All;
        for (var i = 1; i < changes.Count; i++)
        {
            if (changes[i].Current.State == StreamState.Connecting && changes[i - 1].Current.State == StreamState.Reconnecting)
            {
                Assert.True(changes[i].Current.Since - changes[i - 1].Current.Since >= live.Options.ReconnectDelay);
            }
        }

        var log = live.LogCollector.GetSnapshot();
        Assert.Contains(log, r => r.Id.Id == IngestEventIds.Reconnecting && r.Message.Contains("Disconnected", StringComparison.Ordinal));
        Assert.Equal(2, log.Count(r => r.Id.Id == IngestEventIds.Transcribing));
    }

    [Fact]
    public async Task RunAsync_ServerFrozenWithSigstop_WatchdogStopsFfmpegAndReconnects()
    {
        await using var server = await RtspTestServer.StartAsync([RtspMount.LoopWav("office", TestPaths.JfkWav)], Token);
        await using var live = new LiveClient(server.UrlFor("office"));
        live.StartDraining();
        await live.Statuses.WaitForAsync(StreamState.Transcribing);
        var hungFfmpeg = live.Runner.ProcessIds[0];

        await server.SuspendAsync(Token);
        try
        {
            var offline = await live.WaitForErrorAsync(IngestError.NoData);

            Assert.True(offline.WentOffline);
            Assert.False(ProcessTable.Exists(hungFfmpeg));
            Assert.Contains(live.LogCollector.GetSnapshot(), r => r.Id.Id == IngestEventIds.NoDataTimeout);
        }
        finally
        {
            await server.ResumeAsync(Token);
        }

        // once thawed, the stream comes back by itself
        var onlineAgain = await live.Statuses.WaitForAsync(StreamState.Transcribing);
        Assert.True(onlineAgain.Current.Epoch > 1);
    }

    [Fact]
    public async Task RunAsync_UnknownPath_IsClassifiedNotFoundAndRetried()
    {
        await using var server = await RtspTestServer.StartAsync([RtspMount.LoopWav("office", TestPaths.JfkWav)], Token);
        await using var live = new LiveClient(server.UrlFor("no-such-path"));
        live.Start();

        await AssertFailsRepeatedlyWithAsync(live, IngestError.NotFound, "404 Not Found");
    }

    [Fact]
    public async Task RunAsync_WrongPassword_IsClassifiedUnauthorizedAndThePasswordNeverLogged()
    {
        await using var server = await RtspTestServer.StartAsync(
            [RtspMount.WithAuth("secure", "viewer", "right-password", TestPaths.JfkWav)], Token);
        await using var live = new LiveClient(server.UrlFor("secure", "viewer", Password));
        live.Start();

        await AssertFailsRepeatedlyWithAsync(live, IngestError.Unauthorized, "401 Unauthorized");
        await live.DisposeAsync();

        var texts = live.LogTexts();
        Assert.Contains(texts, t => t.Contains("rtsp://***@127.0.0.1", StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain(Password, t, StringComparison.Ordinal));
        Assert.DoesNotContain(Password, live.Client.Status.LastErrorMessage ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RightPassword_StreamsAudio()
    {
        await using var server = await RtspTestServer.StartAsync(
            [RtspMount.WithAuth("secure", "viewer", Password, TestPaths.JfkWav)], Token);
        await using var live = new LiveClient(server.UrlFor("secure", "viewer", Password));
        live.Start();

        var chunk = await live.Client.Audio.ReadAsync(Token).AsTask().OrTimeout();

        Assert.Equal(RtspClient.ChunkSize, chunk.Pcm.Length);
        Assert.All(live.LogTexts(), t => Assert.DoesNotContain(Password, t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_VideoOnlyStream_IsClassifiedNoAudioStreamAndRetried()
    {
        await using var server = await RtspTestServer.StartAsync([RtspMount.VideoOnly("garage")], Token);
        await using var live = new LiveClient(server.UrlFor("garage"));
        live.Start();

        await AssertFailsRepeatedlyWithAsync(live, IngestError.NoAudioStream, "does not contain any stream");
    }

    [Fact]
    public async Task RunAsync_ServerRefusesTcpTransport_IsClassifiedUnsupportedTransport()
    {
        await using var server = await RtspTestServer.StartAsync([RtspMount.UdpOnly("udp", TestPaths.JfkWav)], Token);
        await using var live = new LiveClient(server.UrlFor("udp"));
        live.Start();

        await AssertFailsRepeatedlyWithAsync(live, IngestError.UnsupportedTransport, "461 Unsupported transport");
    }

    [Fact]
    public async Task RunAsync_UnreachablePort_IsClassifiedConnectionRefusedAndRetried()
    {
        await using var live = new LiveClient(new Uri($"rtsp://127.0.0.1:{UnusedPort()}/office"));
        live.Start();

        await AssertFailsRepeatedlyWithAsync(live, IngestError.ConnectionRefused, "Connection refused");
    }

    [Fact]
    public async Task DisposeAsync_WhileStreaming_LeavesNoFfmpegInTheProcessTable()
    {
        await using var server = await RtspTestServer.StartAsync([RtspMount.LoopWav("office", TestPaths.JfkWav)], Token);
        var url = server.UrlFor("office");
        var live = new LiveClient(url);
        live.StartDraining();
        await live.Statuses.WaitForAsync(StreamState.Transcribing);
        var ffmpeg = Assert.Single(live.Runner.ProcessIds);
        Assert.True(ProcessTable.Exists(ffmpeg));

        await live.DisposeAsync().OrTimeout();

        Assert.False(ProcessTable.Exists(ffmpeg), $"ffmpeg {ffmpeg} outlived DisposeAsync");
        Assert.Empty(ProcessTable.FindByCommandLine(url.OriginalString));
        Assert.Equal(StreamState.Stopped, live.Client.Status.State);
        Assert.True(live.DrainedBytes > 0);
        // ffmpeg went on SIGTERM; no kill was needed
        Assert.DoesNotContain(live.LogCollector.GetSnapshot(), r => r.Id.Id == IngestEventIds.KillingFfmpeg);
    }

    private static async Task AssertFailsRepeatedlyWithAsync(LiveClient live, IngestError error, string ffmpegText)
    {
        var first = await live.WaitForErrorAsync(error);
        var second = await live.WaitForErrorAsync(error);

        Assert.Equal(first.Current.Epoch + 1, second.Current.Epoch);
        Assert.Contains(ffmpegText, first.End?.Message, StringComparison.Ordinal);
        Assert.NotEqual(0, first.End?.ExitCode);
        Assert.Equal(error, live.Client.Status.LastError);
        var logged = live.LogCollector.GetSnapshot()
            .Where(r => r.Id.Id == IngestEventIds.FfmpegError && r.GetStructuredStateValue("ErrorClass") == error.ToString())
            .ToList();
        Assert.NotEmpty(logged);
        Assert.All(logged, r => Assert.Contains(r.Scopes, s => s?.ToString() == "stream=cam"));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
