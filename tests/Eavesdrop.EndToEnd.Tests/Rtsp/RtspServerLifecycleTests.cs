using Eavesdrop.Client;
using Eavesdrop.EndToEnd.Tests.Cli;
using Eavesdrop.EndToEnd.Tests.Server;
using Eavesdrop.Protocol;
using Eavesdrop.Tests.Common.Processes;
using Eavesdrop.Tests.Common.Rtsp;

namespace Eavesdrop.EndToEnd.Tests.Rtsp;

/// <summary>
/// The stream lifecycle on the real server executable: the camera dies and comes back; the server
/// is stopped with SIGTERM while streams run. Each test has its own RTSP server and eavesdrop server.
/// </summary>
public sealed class RtspServerLifecycleTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task RtspServerKilledAndRestarted_Reconnects_SubscriberSeesOfflineThenOnline_TranscribesAgain()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var audio = await StreamAudio.CreateAsync();
        await using var rtsp = await RtspTestServer.StartAsync([RtspMount.LoopWav("office", audio.OfficeWav)], cancellation);
        var config = RtspServeConfig.Write(audio.Directory, [("office", rtsp.UrlFor("office"))]);
        await using var server = await RunningServer.StartAsync("--json-logs", "--config", config);
        var process = server.Process;
        await ServerLog.WaitForAsync(process, ServerLog.SegmentCompleted, "office", null, s_timeout, cancellation);

        await using var subscriber = new SubscriberClient(new SubscriberClientOptions { ServerUri = server.Uri, StreamNames = ["office"] });
        await subscriber.ConnectAsync(cancellation);
        await using var updates = subscriber.ReadUpdatesAsync(cancellation).GetAsyncEnumerator(cancellation);
        Assert.Equal(StreamStatus.Online, (await NextStatusAsync(updates)).Status);

        var reconnectsBefore = ServerLog.Events(process, ServerLog.Reconnecting, "office").Count;
        await rtsp.KillAsync(cancellation);
        var reconnecting = await ServerLog.WaitForAsync(process, ServerLog.Reconnecting, "office", _ => ServerLog.Events(process, ServerLog.Reconnecting, "office").Count > reconnectsBefore, s_timeout, cancellation);
        Assert.Equal(2, reconnecting.GetProperty("DelaySeconds").GetDouble());
        var offline = await NextStatusAsync(updates);
        Assert.Equal(StreamStatus.Offline, offline.Status);
        Assert.False(string.IsNullOrWhiteSpace(offline.Message));

        await rtsp.RestartAsync(cancellation);
        var transcribing = await ServerLog.WaitForAsync(process, ServerLog.Transcribing, "office", e => e.GetProperty("Epoch").GetInt32() >= 2, s_timeout, cancellation);
        var epoch = transcribing.GetProperty("Epoch").GetInt32();
        Assert.Equal(StreamStatus.Online, (await NextStatusAsync(updates)).Status);
        // the new connection is transcribed as a new recording
        await ServerLog.WaitForAsync(process, ServerLog.SegmentCompleted, "office", e => e.GetProperty("Epoch").GetInt32() == epoch, s_timeout, cancellation);
        Assert.False(process.HasExited);
    }

    [Fact]
    public async Task Sigterm_WhileStreamsRun_SubscribersGetDisconnect_ExitZero_NoFfmpegLeft()
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var audio = await StreamAudio.CreateAsync();
        await using var rtsp = await RtspTestServer.StartAsync([RtspMount.LoopWav("office", audio.OfficeWav), RtspMount.LoopWav("library", audio.LibraryWav)], cancellation);
        var config = RtspServeConfig.Write(audio.Directory,
        [
            ("office", rtsp.UrlFor("office")),
            ("library", rtsp.UrlFor("library")),
            ("dead", new Uri($"rtsp://127.0.0.1:{LoopbackPorts.GetFree()}/x")),
        ]);
        await using var server = await RunningServer.StartAsync("--json-logs", "--config", config);
        var process = server.Process;
        await ServerLog.WaitForAsync(process, ServerLog.Transcribing, "office", null, s_timeout, cancellation);
        await ServerLog.WaitForAsync(process, ServerLog.Transcribing, "library", null, s_timeout, cancellation);

        await using var subscriber = new SubscriberClient(new SubscriberClientOptions { ServerUri = server.Uri, StreamNames = ["office", "library"] });
        await subscriber.ConnectAsync(cancellation);
        var messages = new List<ProtocolMessage>();
        var reading = Task.Run(async () =>
        {
            await foreach (var update in subscriber.ReadUpdatesAsync(cancellation))
            {
                lock (messages)
                {
                    messages.Add(update.Message);
                }
            }
        }, cancellation);
        Assert.True(ProcessTable.Children(process.Id).Count(c => c.Contains("ffmpeg", StringComparison.Ordinal)) >= 2);

        process.SendSignal(UnixSignal.Terminate);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60), cancellation);

        Assert.Equal(0, exitCode);
        await reading.WaitAsync(TimeSpan.FromSeconds(30), cancellation);
        var disconnects = messages.OfType<DisconnectMessage>().ToList();
        Assert.Equal(["library", "office"], disconnects.Select(d => d.Stream).Order(StringComparer.Ordinal));
        Assert.Empty(ProcessTable.Children(process.Id));
        Assert.Contains(process.StandardErrorLines, l => l.Contains("every ffmpeg has exited", StringComparison.Ordinal));
        Assert.Contains(process.StandardErrorLines, l => l.Contains("Server stopped", StringComparison.Ordinal));
    }

    private static async Task<StreamStatusMessage> NextStatusAsync(IAsyncEnumerator<TranscriptUpdate> updates)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        while (true)
        {
            var next = updates.MoveNextAsync().AsTask();
            if (await Task.WhenAny(next, Task.Delay(Timeout.Infinite, timeout.Token)) != next || !await next)
            {
                throw new TimeoutException("No stream_status arrived.");
            }

            if (updates.Current.Message is StreamStatusMessage status)
            {
                return status;
            }
        }
    }
}
