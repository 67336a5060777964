using Eavesdrop.Server.Ingest;
using Eavesdrop.Server.Tests.Ingest.Fakes;

namespace Eavesdrop.Server.Tests.Ingest;

/// <summary>Stopping at every stage: terminate ffmpeg, kill it after the grace period, never wait out a reconnect delay.</summary>
public sealed class RtspClientStopTests
{
    [Fact]
    public async Task DisposeAsync_WhileConnecting_TerminatesFfmpegAndStops()
    {
        var harness = new ClientHarness();
        var process = await harness.StartAndGetProcessAsync();
        await process.Output.WaitForBlockedReadAsync().OrTimeout();

        await harness.DisposeAsync().OrTimeout();

        Assert.Equal(1, process.TerminateCount);
        Assert.Equal(0, process.KillCount);
        Assert.True(process.IsDisposed);
        Assert.Equal(StreamState.Stopped, harness.Client.Status.State);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Run!);
        Assert.True(harness.Client.Audio.Completion.IsCompleted);
        Assert.Equal(1, harness.Runner.StartCount);
    }

    [Fact]
    public async Task DisposeAsync_WhileStreaming_TerminatesFfmpegAndCompletesTheChannelAfterTheAudio()
    {
        var harness = new ClientHarness();
        var process = await harness.StartAndGetProcessAsync();
        process.Output.Feed(ClientHarness.Chunk(9));
        await harness.Statuses.WaitForAsync(StreamState.Transcribing);

        await harness.DisposeAsync().OrTimeout();

        Assert.Equal(1, process.TerminateCount);
        Assert.True(process.IsDisposed);
        var chunks = await harness.Client.Audio.ReadAllAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        var chunk = Assert.Single(chunks);
        Assert.Equal(9, chunk.Pcm.Span[0]);
        Assert.Equal(StreamState.Stopped, harness.Statuses.All[^1].Current.State);
    }

    [Fact]
    public async Task DisposeAsync_WhileBlockedOnAFullChannel_StopsWithoutWaitingForTheConsumer()
    {
        var harness = new ClientHarness();
        var process = await harness.StartAndGetProcessAsync();
        for (var i = 0; i < RtspClient.ChannelCapacity + 5; i++)
        {
            process.Output.Feed(ClientHarness.Chunk((byte)i));
        }

        await Eventually.WaitUntilAsync(() => harness.Client.Audio.Count == RtspClient.ChannelCapacity, "the channel fills");

        await harness.DisposeAsync().OrTimeout();

        Assert.Equal(1, process.TerminateCount);
        Assert.Equal(StreamState.Stopped, harness.Client.Status.State);
    }

    [Fact]
    public async Task DisposeAsync_WhileWaitingToReconnect_StopsAtOnceWithoutAnotherAttempt()
    {
        var harness = new ClientHarness();
        var process = await harness.StartAndGetProcessAsync();
        process.Exit(1);
        await harness.Statuses.WaitForAsync(StreamState.Reconnecting);

        // no fake time passes: the 30 s delay must not be waited out
        await harness.DisposeAsync().OrTimeout();

        Assert.Equal(StreamState.Stopped, harness.Client.Status.State);
        Assert.Equal(1, harness.Runner.StartCount);
        harness.Time.Advance(harness.Options.ReconnectDelay * 2);
        Assert.Equal(1, harness.Runner.StartCount);
    }

    [Fact]
    public async Task RunAsync_CallerCancelsDuringTheDelay_ThrowsOperationCanceledAtOnce()
    {
        await using var harness = new ClientHarness();
        using var cts = new CancellationTokenSource();
        await harness.StartWithTokenAsync(cts.Token);
        var process = await harness.Runner.NextProcessAsync();
        process.Exit(0);
        await harness.Statuses.WaitForAsync(StreamState.Reconnecting);

        await cts.CancelAsync();

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Run!.OrTimeout());
        Assert.Equal(cts.Token, exception.CancellationToken);
        Assert.Equal(StreamState.Stopped, harness.Client.Status.State);
        Assert.True(harness.Client.Audio.Completion.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_CallerCancelsWhileStreaming_TerminatesFfmpeg()
    {
        await using var harness = new ClientHarness();
        using var cts = new CancellationTokenSource();
        await harness.StartWithTokenAsync(cts.Token);
        var process = await harness.Runner.NextProcessAsync();
        process.Output.Feed(ClientHarness.Chunk(1));
        await harness.Statuses.WaitForAsync(StreamState.Transcribing);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.Run!.OrTimeout());
        Assert.Equal(1, process.TerminateCount);
        Assert.True(process.IsDisposed);
    }

    [Fact]
    public async Task DisposeAsync_FfmpegIgnoresSigterm_KillsItAfterTheGracePeriod()
    {
        var harness = new ClientHarness();
        var process = await harness.StartAndGetProcessAsync();
        process.ExitsOnTerminate = false;
        process.Output.Feed(ClientHarness.Chunk(1));
        await harness.Statuses.WaitForAsync(StreamState.Transcribing);

        var disposing = harness.DisposeAsync().AsTask();
        await process.TerminateRequested.OrTimeout();
        Assert.False(disposing.IsCompleted);
        harness.Time.Advance(harness.Options.StopGracePeriod);
        await disposing.OrTimeout();

        Assert.Equal(1, process.KillCount);
        Assert.True(process.IsDisposed);
        Assert.Contains(harness.LogCollector.GetSnapshot(), r => r.Id.Id == IngestEventIds.KillingFfmpeg);
    }

    [Fact]
    public async Task DisposeAsync_NeverStarted_CompletesTheChannel()
    {
        var harness = new ClientHarness();

        await harness.DisposeAsync();

        Assert.True(harness.Client.Audio.Completion.IsCompleted);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => harness.Client.RunAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunAsync_CalledTwice_Throws()
    {
        await using var harness = new ClientHarness();
        await harness.StartAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Client.RunAsync(TestContext.Current.CancellationToken));
    }
}
