using System.Threading.Channels;
using Eavesdrop.Client;
using Eavesdrop.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace Eavesdrop.EndToEnd.Tests.Client;

public class TranscriberClientTests
{
    /// <summary>A server that answers setup and then forwards every frame the client sends to <paramref name="frames"/>.</summary>
    private static Task<ScriptedServer> StartRecordingServerAsync(Channel<(ProtocolMessage? Message, byte[]? Binary)> frames) =>
        ScriptedServer.StartAsync(async connection =>
        {
            var setup = await connection.ReceiveMessageAsync<SetupMessage>();
            await frames.Writer.WriteAsync((setup, null));
            await connection.SendAsync(new ServerReadyMessage { Timestamp = 1, Stream = setup.Stream, Backend = "scripted" });
            while (await connection.ReceiveAsync() is { } frame)
            {
                await frames.Writer.WriteAsync(frame);
            }
        });

    private static async IAsyncEnumerable<float[]> Seconds(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return Enumerable.Repeat((float)i / 10, ProtocolConstants.SampleRateHz).ToArray();
        }
    }

    [Fact]
    public async Task SendAudioAsync_RealTime_SendsEachChunkOnlyWhenItsTimeHasCome()
    {
        var ct = TestContext.Current.CancellationToken;
        var frames = Channel.CreateUnbounded<(ProtocolMessage? Message, byte[]? Binary)>();
        await using var server = await StartRecordingServerAsync(frames);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        await using var client = new TranscriberClient(new TranscriberClientOptions { ServerUri = server.Uri, Stream = "paced" }, time);
        await client.ConnectAsync(ct);
        var setup = Assert.IsType<SetupMessage>((await frames.Reader.ReadAsync(ct)).Message);
        Assert.Equal(ProtocolTimestamp.FromDateTimeOffset(time.GetUtcNow()), setup.Timestamp);

        var sending = client.SendAudioAsync(Seconds(3), AudioPacing.RealTime, ct);

        Assert.Equal(16000 * 4, (await frames.Reader.ReadAsync(ct)).Binary!.Length);
        await Task.Delay(100, ct); // give a wrongly unpaced client the chance to send more
        Assert.False(frames.Reader.TryRead(out _));
        Assert.False(sending.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        var second = (await frames.Reader.ReadAsync(ct)).Binary!;
        Assert.Equal(0.1f, BitConverter.ToSingle(second, 0));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull((await frames.Reader.ReadAsync(ct)).Binary);

        Assert.Equal(3 * 16000, await sending);
    }

    [Fact]
    public async Task SendAudioAsync_AsFastAsPossible_SendsWithoutWaiting()
    {
        var ct = TestContext.Current.CancellationToken;
        var frames = Channel.CreateUnbounded<(ProtocolMessage? Message, byte[]? Binary)>();
        await using var server = await StartRecordingServerAsync(frames);
        var time = new FakeTimeProvider(); // never advanced: any wait would hang
        await using var client = new TranscriberClient(new TranscriberClientOptions { ServerUri = server.Uri }, time);
        await client.ConnectAsync(ct);

        Assert.Equal(5 * 16000, await client.SendAudioAsync(Seconds(5), AudioPacing.AsFastAsPossible, ct));
    }

    [Fact]
    public async Task ControlMessages_CarryStreamAndRecordingId()
    {
        var ct = TestContext.Current.CancellationToken;
        var frames = Channel.CreateUnbounded<(ProtocolMessage? Message, byte[]? Binary)>();
        await using var server = await StartRecordingServerAsync(frames);
        await using var client = new TranscriberClient(new TranscriberClientOptions { ServerUri = server.Uri, Stream = "s1" });
        var ready = await client.ConnectAsync(ct);
        Assert.Equal("scripted", ready.Backend);
        await frames.Reader.ReadAsync(ct); // setup

        await client.StartRecordingAsync("rec-1", ct);
        await client.SendAudioAsync(new float[] { 0.5f, -0.5f }, ct);
        await client.FlushAsync(cancellationToken: ct);
        await client.FlushAsync(forceComplete: false, ct);
        await client.CancelUtteranceAsync(ct);
        await client.SendEndOfAudioAsync(ct);

        var started = Assert.IsType<ControlRecordingStartedMessage>((await frames.Reader.ReadAsync(ct)).Message);
        Assert.Equal(("s1", "rec-1", 16000), (started.Stream, started.RecordingId, started.SampleRateHz));
        Assert.Equal(AudioFrames.EncodeSamples([0.5f, -0.5f]), (await frames.Reader.ReadAsync(ct)).Binary);
        var flush = Assert.IsType<ControlFlushMessage>((await frames.Reader.ReadAsync(ct)).Message);
        Assert.Equal(("s1", "rec-1", true), (flush.Stream, flush.RecordingId, flush.ForceComplete));
        Assert.False(Assert.IsType<ControlFlushMessage>((await frames.Reader.ReadAsync(ct)).Message).ForceComplete);
        var cancel = Assert.IsType<ControlUtteranceCancelledMessage>((await frames.Reader.ReadAsync(ct)).Message);
        Assert.Equal(("s1", "rec-1"), (cancel.Stream, cancel.RecordingId));
        Assert.True(AudioFrames.IsEndOfAudio((await frames.Reader.ReadAsync(ct)).Binary));
    }

    [Fact]
    public async Task FlushAsync_BeforeStartRecording_Throws()
    {
        var frames = Channel.CreateUnbounded<(ProtocolMessage? Message, byte[]? Binary)>();
        await using var server = await StartRecordingServerAsync(frames);
        await using var client = new TranscriberClient(new TranscriberClientOptions { ServerUri = server.Uri });
        await client.ConnectAsync(TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.FlushAsync(cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ConnectAsync_ServerNeverAnswersSetup_TimesOut()
    {
        var ct = TestContext.Current.CancellationToken;
        var setupReceived = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await using var server = await ScriptedServer.StartAsync(async connection =>
        {
            await connection.ReceiveMessageAsync<SetupMessage>();
            setupReceived.SetResult();
            await release.Task;
        });
        var time = new FakeTimeProvider();
        var options = new TranscriberClientOptions { ServerUri = server.Uri, ConnectTimeout = TimeSpan.FromDays(1), ReadyTimeout = TimeSpan.FromSeconds(30) };
        await using var client = new TranscriberClient(options, time);

        var connecting = client.ConnectAsync(ct);
        await setupReceived.Task.WaitAsync(ct);
        time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(50, ct);
        Assert.False(connecting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<EavesdropClientException>(() => connecting);
        release.SetResult();
        Assert.Equal(ClientErrorCode.Timeout, ex.Code);
        Assert.Contains("did not answer 'setup' within 30 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendFileAsync_LiveSession_Throws()
    {
        var frames = Channel.CreateUnbounded<(ProtocolMessage? Message, byte[]? Binary)>();
        await using var server = await StartRecordingServerAsync(frames);
        await using var client = new TranscriberClient(new TranscriberClientOptions { ServerUri = server.Uri });
        await client.ConnectAsync(TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendFileAsync(Eavesdrop.Tests.Common.TestPaths.JfkWav, TestContext.Current.CancellationToken));
    }
}
