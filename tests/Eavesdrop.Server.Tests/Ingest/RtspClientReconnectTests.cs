using System.ComponentModel;
using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Ingest;
using Eavesdrop.Server.Tests.Ingest.Fakes;

namespace Eavesdrop.Server.Tests.Ingest;

/// <summary>Every end of ffmpeg leads to a reconnect exactly <c>ReconnectDelay</c> later (design §3.1), on a fake clock.</summary>
public sealed class RtspClientReconnectTests
{
    public enum EndKind
    {
        ExitZeroAfterAudio,
        ExitZeroWithoutAudio,
        ExitOneWithStderrError,
        ExitNonZeroSilently,
        StartFailure,
        WatchdogNoData,
    }

    // FakeTimeProvider timers have millisecond resolution
    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(1);

    [Theory]
    [InlineData(EndKind.ExitZeroAfterAudio, nameof(IngestError.Disconnected))]
    [InlineData(EndKind.ExitZeroWithoutAudio, nameof(IngestError.Disconnected))]
    [InlineData(EndKind.ExitOneWithStderrError, nameof(IngestError.NotFound))]
    [InlineData(EndKind.ExitNonZeroSilently, nameof(IngestError.ExitedWithError))]
    [InlineData(EndKind.StartFailure, nameof(IngestError.StartFailed))]
    [InlineData(EndKind.WatchdogNoData, nameof(IngestError.NoData))]
    public async Task RunAsync_FfmpegEnds_ReconnectsAfterExactlyTheDelayEveryTime(EndKind kind, string expected)
    {
        var expectedError = Enum.Parse<IngestError>(expected);
        await using var harness = new ClientHarness();
        var delay = harness.Options.ReconnectDelay;
        Assert.Equal(TimeSpan.FromSeconds(30), delay);
        await harness.StartAsync();

        for (var connection = 1; connection <= 3; connection++)
        {
            if (kind == EndKind.StartFailure)
            {
                harness.Runner.FailNextStart(new Win32Exception(2, "No such file or directory"));
            }

            if (connection > 1)
            {
                // nothing starts one tick early; the next attempt starts exactly on time
                harness.Time.Advance(delay - s_tick);
                Assert.Equal(connection - 1, harness.Runner.StartCount);
                harness.Time.Advance(s_tick);
            }

            var process = await harness.Runner.NextAttemptAsync();
            await EndAsync(harness, process, kind);

            var reconnecting = await harness.Statuses.WaitForAsync(StreamState.Reconnecting);
            Assert.Equal(expectedError, reconnecting.End?.Error);
            Assert.Equal(expectedError, reconnecting.Current.LastError);
            Assert.Equal(connection, reconnecting.Current.Epoch);
            Assert.Equal(connection - 1, reconnecting.Current.ReconnectCount);
            if (connection > 1)
            {
                var starts = harness.Runner.StartTimes;
                var previousEnd = harness.Statuses.All
                    .Last(c => c.Current.State == StreamState.Reconnecting && c.Current.Epoch == connection - 1).Current.Since;
                Assert.Equal(delay, starts[connection - 1] - previousEnd);
            }
        }

        Assert.Equal(3, harness.Runner.StartCount);
    }

    [Fact]
    public async Task RunAsync_ConfiguredDelay_IsUsedInsteadOfThirtySeconds()
    {
        var options = new RtspOptions { ReconnectDelay = TimeSpan.FromSeconds(2) };
        await using var harness = new ClientHarness(options: options);
        var process = await harness.StartAndGetProcessAsync();
        process.Exit(1);
        await harness.Statuses.WaitForAsync(StreamState.Reconnecting);

        harness.Time.Advance(TimeSpan.FromSeconds(2));

        await harness.Runner.NextProcessAsync();
        Assert.Equal(TimeSpan.FromSeconds(2), harness.Runner.StartTimes[1] - harness.Runner.StartTimes[0]);
    }

    [Fact]
    public async Task RunAsync_ReconnectAfterAudio_StartsANewEpochAndMarksTheOldOnesEnd()
    {
        await using var harness = new ClientHarness();
        var first = await harness.StartAndGetProcessAsync();
        first.Output.Feed(ClientHarness.Chunk(1));
        first.Output.Feed(ClientHarness.Chunk(2));
        await harness.Statuses.WaitForAsync(StreamState.Transcribing);
        first.Exit(0);
        await harness.Statuses.WaitForAsync(StreamState.Reconnecting);
        harness.Time.Advance(harness.Options.ReconnectDelay);
        var second = await harness.Runner.NextProcessAsync();
        second.Output.Feed(ClientHarness.Chunk(3));
        await harness.Statuses.WaitForAsync(StreamState.Transcribing);

        var chunks = new List<AudioChunk>();
        for (var i = 0; i < 4; i++)
        {
            chunks.Add(await harness.ReadChunkAsync());
        }

        Assert.Equal([1, 1, 1, 2], chunks.Select(c => c.Epoch));
        Assert.Equal([false, false, true, false], chunks.Select(c => c.IsEndOfConnection));
        Assert.Equal([1, 2, 3], chunks.Where(c => !c.IsEndOfConnection).Select(c => c.Pcm.Span[0]));
        Assert.All(chunks.Where(c => !c.IsEndOfConnection), c => Assert.Equal(RtspClient.ChunkSize, c.Pcm.Length));
    }

    [Fact]
    public async Task RunAsync_ConnectionWithoutAudio_WritesNoEndMarker()
    {
        await using var harness = new ClientHarness();
        var first = await harness.StartAndGetProcessAsync();
        first.WriteStderr("[rtsp @ 0x1] method DESCRIBE failed: 404 Not Found");
        first.Exit(1);
        await harness.Statuses.WaitForAsync(StreamState.Reconnecting);

        Assert.False(harness.Client.Audio.TryRead(out _));
    }

    [Fact]
    public async Task StatusChanged_OnlineThenOffline_AreReportedWithTheReason()
    {
        await using var harness = new ClientHarness();
        var process = await harness.StartAndGetProcessAsync();
        process.Output.Feed(ClientHarness.Chunk(7));

        var online = await harness.Statuses.WaitForAsync(StreamState.Transcribing);
        process.Exit(0);
        var offline = await harness.Statuses.WaitForAsync(StreamState.Reconnecting);

        Assert.True(online.WentOnline);
        Assert.True(offline.WentOffline);
        Assert.Equal(IngestError.Disconnected, offline.End?.Error);
        Assert.True(offline.End?.HadAudio);
        Assert.Equal(0, offline.End?.ExitCode);
    }

    [Fact]
    public async Task RunAsync_UnexpectedFaultReadingStdout_KillsFfmpegAndReconnects()
    {
        await using var harness = new ClientHarness();
        var process = await harness.StartAndGetProcessAsync();
        process.ExitsOnTerminate = true;

        process.Output.Fail(new InvalidOperationException("pipe in a state nobody expected"));

        var reconnecting = await harness.Statuses.WaitForAsync(StreamState.Reconnecting);
        Assert.Equal(1, process.TerminateCount);
        Assert.True(process.IsDisposed);
        Assert.Equal(IngestError.Other, reconnecting.End?.Error);
        Assert.Contains("nobody expected", reconnecting.End?.Message, StringComparison.Ordinal);
        harness.Time.Advance(harness.Options.ReconnectDelay);
        await harness.Runner.NextProcessAsync();
    }

    private static async Task EndAsync(ClientHarness harness, FakeProcess? process, EndKind kind)
    {
        switch (kind)
        {
            case EndKind.StartFailure:
                Assert.Null(process);
                return;
            case EndKind.ExitZeroAfterAudio:
                process!.Output.Feed(ClientHarness.Chunk(1));
                await harness.Statuses.WaitForAsync(StreamState.Transcribing);
                process.Exit(0);
                // keep the channel from filling over the loop
                await harness.ReadChunkAsync();
                return;
            case EndKind.ExitZeroWithoutAudio:
                process!.Exit(0);
                return;
            case EndKind.ExitOneWithStderrError:
                process!.WriteStderr("[rtsp @ 0x565413d00a40] method DESCRIBE failed: 404 Not Found");
                process.WriteStderr("rtsp://camera.test:8554/office?audio=all: Server returned 404 Not Found");
                process.Exit(1);
                return;
            case EndKind.ExitNonZeroSilently:
                process!.Exit(1);
                return;
            case EndKind.WatchdogNoData:
                await process!.Output.WaitForBlockedReadAsync().OrTimeout();
                harness.Time.Advance(harness.Options.NoDataTimeout);
                await process.TerminateRequested.OrTimeout();
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }
}
