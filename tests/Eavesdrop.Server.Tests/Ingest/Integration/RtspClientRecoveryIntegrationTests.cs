using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Eavesdrop.Server.Ingest;
using Eavesdrop.Tests.Common;
using Eavesdrop.Tests.Common.Rtsp;

namespace Eavesdrop.Server.Tests.Ingest.Integration;

/// <summary>Real ffmpeg against an RTSP server that dies or freezes: reconnect and watchdog.</summary>
[Trait("Category", "Integration")]
public sealed class RtspClientRecoveryIntegrationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

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
        // every attempt waited the configured delay after the previous end (timers tick in whole
        // milliseconds on a different clock than GetUtcNow, hence the small tolerance)
        var changes = live.Statuses.All;
        for (var i = 1; i < changes.Count; i++)
        {
            if (changes[i].Current.State == StreamState.Connecting && changes[i - 1].Current.State == StreamState.Reconnecting)
            {
                var waited = changes[i].Current.Since - changes[i - 1].Current.Since;
                Assert.True(waited >= live.Options.ReconnectDelay - TimeSpan.FromMilliseconds(20), $"waited only {waited}");
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
}
