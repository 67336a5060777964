using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Eavesdrop.Server.Ingest;
using Eavesdrop.Tests.Common;
using Eavesdrop.Tests.Common.Rtsp;

namespace Eavesdrop.Server.Tests.Ingest.Integration;

/// <summary>Real ffmpeg against the real GStreamer RTSP server on 127.0.0.1: audio flows, and stops cleanly.</summary>
[Trait("Category", "Integration")]
public sealed class RtspClientAudioIntegrationTests(SharedRtspServerFixture shared) : IClassFixture<SharedRtspServerFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_LoopingToneMount_DeliversPcmThatResemblesTheSource()
    {
        await using var live = new LiveClient(shared.Server.UrlFor("tone"));
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
    public async Task RunAsync_RightPassword_StreamsAudio()
    {
        await using var live = new LiveClient(shared.Server.UrlFor("secure", SharedRtspServerFixture.User, SharedRtspServerFixture.Password));
        live.Start();

        var chunk = await live.Client.Audio.ReadAsync(Token).AsTask().OrTimeout();

        Assert.Equal(RtspClient.ChunkSize, chunk.Pcm.Length);
        Assert.All(live.LogTexts(), t => Assert.DoesNotContain(SharedRtspServerFixture.Password, t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DisposeAsync_WhileStreaming_LeavesNoFfmpegInTheProcessTable()
    {
        var url = shared.Server.UrlFor("office");
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
}
