using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Ingest;
using Eavesdrop.Server.Tests.Ingest.Fakes;

namespace Eavesdrop.Server.Tests.Ingest;

/// <summary>The ffmpeg command, the audio channel (backpressure) and the no-data watchdog.</summary>
public sealed class RtspClientStreamingTests
{
    // FakeTimeProvider timers have millisecond resolution
    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task RunAsync_Start_LaunchesFfmpegWithTheDesignCommand()
    {
        var options = new RtspOptions { FfmpegPath = "/opt/ffmpeg/bin/ffmpeg" };
        await using var harness = new ClientHarness("rtsp://brainbox:8554/office?audio=all", options);

        var process = await harness.StartAndGetProcessAsync();

        Assert.Equal("/opt/ffmpeg/bin/ffmpeg", process.FileName);
        Assert.Equal(
            ["-fflags", "nobuffer", "-flags", "low_delay", "-rtsp_transport", "tcp", "-i", "rtsp://brainbox:8554/office?audio=all",
             "-vn", "-acodec", "pcm_s16le", "-ar", "16000", "-ac", "1", "-f", "s16le", "-"],
            process.Arguments);
    }

    [Fact]
    public async Task RunAsync_SmallWrites_AreDeliveredAsFullChunksWithNothingLost()
    {
        await using var harness = new ClientHarness();
        var process = await harness.StartAndGetProcessAsync();
        var source = Enumerable.Range(0, 3 * RtspClient.ChunkSize + 100).Select(i => (byte)(i * 7)).ToArray();

        // ffmpeg writes in odd-sized pieces; the client must re-assemble 4096-byte chunks
        for (var offset = 0; offset < source.Length; offset += 1000)
        {
            process.Output.Feed(source.AsSpan(offset, Math.Min(1000, source.Length - offset)));
        }

        process.Exit(0);
        var received = new List<byte>();
        var sizes = new List<int>();
        await foreach (var chunk in harness.Client.Audio.ReadAllAsync(TestContext.Current.CancellationToken).WithCancellation(CancellationToken.None))
        {
            if (chunk.IsEndOfConnection)
            {
                break;
            }

            sizes.Add(chunk.Pcm.Length);
            received.AddRange(chunk.Pcm.ToArray());
        }

        Assert.Equal([RtspClient.ChunkSize, RtspClient.ChunkSize, RtspClient.ChunkSize, 100], sizes);
        Assert.Equal(source, received);
        Assert.Equal(source.Length, harness.Client.Status.BytesReceived);
    }

    [Fact]
    public async Task RunAsync_SlowConsumer_BlocksTheReaderAndDropsNothing()
    {
        const int Chunks = RtspClient.ChannelCapacity + 10;
        await using var harness = new ClientHarness();
        var process = await harness.StartAndGetProcessAsync();
        for (var i = 0; i < Chunks; i++)
        {
            process.Output.Feed(ClientHarness.Chunk((byte)i));
        }

        await Eventually.WaitUntilAsync(
            () => harness.Client.Audio.Count == RtspClient.ChannelCapacity, "the channel fills to its capacity");

        // the reader holds at most one chunk beyond the channel; the rest waits in ffmpeg's pipe
        Assert.InRange(harness.Client.Status.BytesReceived,
            RtspClient.ChannelCapacity * RtspClient.ChunkSize, (RtspClient.ChannelCapacity + 1) * RtspClient.ChunkSize);
        Assert.True(process.Output.BytesUnread >= 9 * RtspClient.ChunkSize);

        // waiting on the consumer is not silence from the camera: the watchdog stays quiet
        harness.Time.Advance(harness.Options.NoDataTimeout * 3);

        for (var i = 0; i < Chunks; i++)
        {
            var chunk = await harness.ReadChunkAsync();
            Assert.False(chunk.IsEndOfConnection);
            Assert.Equal(RtspClient.ChunkSize, chunk.Pcm.Length);
            Assert.True(chunk.Pcm.Span.IndexOfAnyExcept((byte)i) < 0, $"chunk {i} arrived out of order or corrupted");
        }

        Assert.Equal(Chunks * (long)RtspClient.ChunkSize, harness.Client.Status.BytesReceived);

        // still the same live connection: more audio flows, ffmpeg was never stopped
        process.Output.Feed(ClientHarness.Chunk(200));
        Assert.Equal(200, (await harness.ReadChunkAsync()).Pcm.Span[0]);
        Assert.Equal(0, process.TerminateCount);
        Assert.Equal(StreamState.Transcribing, harness.Client.Status.State);
        Assert.DoesNotContain(harness.Statuses.All, c => c.Current.State == StreamState.Reconnecting);
    }

    [Fact]
    public async Task Watchdog_NoBytesForTheTimeout_TerminatesThenKillsAfterGraceAndReconnects()
    {
        await using var harness = new ClientHarness();
        var process = await harness.StartAndGetProcessAsync();
        process.ExitsOnTerminate = false; // a hung ffmpeg ignores SIGTERM
        process.Output.Feed(ClientHarness.Chunk(1));
        await harness.Statuses.WaitForAsync(StreamState.Transcribing);
        await process.Output.WaitForBlockedReadAsync().OrTimeout();

        harness.Time.Advance(harness.Options.NoDataTimeout - s_tick);
        Assert.Equal(0, process.TerminateCount);
        harness.Time.Advance(s_tick);
        await process.TerminateRequested.OrTimeout();

        harness.Time.Advance(harness.Options.StopGracePeriod - s_tick);
        Assert.Equal(0, process.KillCount);
        harness.Time.Advance(s_tick);

        var reconnecting = await harness.Statuses.WaitForAsync(StreamState.Reconnecting);
        Assert.Equal(1, process.TerminateCount);
        Assert.Equal(1, process.KillCount);
        Assert.Equal(IngestError.NoData, reconnecting.End?.Error);
        Assert.Equal(FakeProcess.KilledExitCode, reconnecting.End?.ExitCode);
        Assert.True(process.IsDisposed);
        Assert.Contains(harness.LogCollector.GetSnapshot(), r => r.Id.Id == IngestEventIds.NoDataTimeout);
        Assert.Contains(harness.LogCollector.GetSnapshot(), r => r.Id.Id == IngestEventIds.KillingFfmpeg);

        harness.Time.Advance(harness.Options.ReconnectDelay);
        await harness.Runner.NextProcessAsync();
    }

    [Fact]
    public async Task Watchdog_DataKeepsArriving_NeverFires()
    {
        await using var harness = new ClientHarness();
        var process = await harness.StartAndGetProcessAsync();

        for (var i = 0; i < 5; i++)
        {
            await process.Output.WaitForBlockedReadAsync().OrTimeout();
            harness.Time.Advance(harness.Options.NoDataTimeout - s_tick);
            process.Output.Feed(ClientHarness.Chunk((byte)i));
            await harness.ReadChunkAsync();
        }

        Assert.Equal(0, process.TerminateCount);
        Assert.Equal(StreamState.Transcribing, harness.Client.Status.State);
    }

    [Fact]
    public async Task Watchdog_FfmpegStillConnecting_FiresAfterTheTimeoutToo()
    {
        await using var harness = new ClientHarness();
        var process = await harness.StartAndGetProcessAsync();
        await process.Output.WaitForBlockedReadAsync().OrTimeout();

        harness.Time.Advance(harness.Options.NoDataTimeout);

        var reconnecting = await harness.Statuses.WaitForAsync(StreamState.Reconnecting);
        Assert.Equal(IngestError.NoData, reconnecting.End?.Error);
        Assert.False(reconnecting.End?.HadAudio);
        Assert.Equal(1, process.TerminateCount);
        Assert.Equal(0, process.KillCount);
    }
}
