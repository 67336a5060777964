using System.Buffers.Binary;
using System.Threading.Channels;
using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Protocol;
using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Inference;
using Eavesdrop.Server.Ingest;
using Eavesdrop.Server.Sessions;
using Eavesdrop.Server.Streams;
using Eavesdrop.Server.Tests.Fakes;
using Eavesdrop.Server.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using IngestStatus = Eavesdrop.Server.Ingest.StreamStatus;
using WireStatus = Eavesdrop.Protocol.StreamStatus;

namespace Eavesdrop.Server.Tests.Streams;

/// <summary>The worker on the fake engine and energy VAD, fed a hand-written audio channel (no ffmpeg).</summary>
public sealed class StreamTranscriptionWorkerTests : IAsyncDisposable
{
    private readonly FakeSpeechEngine _engine = new();
    private readonly InferenceScheduler _scheduler;
    private readonly ListLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly Channel<AudioChunk> _audio = Channel.CreateBounded<AudioChunk>(100);
    private readonly StreamHub _hub = new("office", new HistoryOptions(), TimeProvider.System);
    private readonly StreamSubscriber _subscriber = new(queueCapacity: 10_000);
    private readonly StreamTranscriptionWorker _worker;
    private IngestStatus _clientStatus;

    public StreamTranscriptionWorkerTests()
    {
        _scheduler = new InferenceScheduler(_engine, 1, 4, NullLogger<InferenceScheduler>.Instance);
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        var options = new EavesdropOptions { Streaming = new StreamingOptions { IntervalSeconds = 0 } };
        var services = new SessionServices(
            options, _engine, _scheduler, new EnergyVoiceActivityDetector(), new SessionSettingsResolver(options, _engine),
            TimeProvider.System, _loggerFactory);
        _clientStatus = new IngestStatus { Name = "office", Url = "rtsp://camera/office", State = StreamState.Transcribing, Epoch = 1 };
        _worker = new StreamTranscriptionWorker("office", _audio.Reader, () => _clientStatus, _hub, services, _loggerFactory.CreateLogger("Eavesdrop.Streams"));
        Assert.True(_hub.Attach(_subscriber));
    }

    [Fact]
    public async Task RunAsync_TwoConnections_EachIsItsOwnRecordingWithTimestampsAndIdsRestarted()
    {
        var run = _worker.RunAsync(TestContext.Current.CancellationToken);

        // connection 1: silence, a word at 1.0 s, a short pause, then ffmpeg drops (the marker flushes the tail)
        await WriteAsync(1, TestAudio.Concat(TestAudio.Silence(1), TestAudio.Word(0.6, 0.3f), TestAudio.Silence(0.2)));
        await _audio.Writer.WriteAsync(AudioChunk.EndOfConnection(1), TestContext.Current.CancellationToken);
        var first = await NextCompletedAsync("w30");

        // connection 2: a word at 0.5 s of the new connection
        _clientStatus = _clientStatus with { Epoch = 2 };
        await WriteAsync(2, TestAudio.Concat(TestAudio.Silence(0.5), TestAudio.Word(0.6, 0.5f), TestAudio.Silence(1)));
        var second = await NextCompletedAsync("w50");

        _audio.Writer.Complete();
        await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal("office", first.Message.Stream);
        Assert.Equal("office-1", first.Message.RecordingId);
        Assert.InRange(first.Segment.Start, 0.8, 1.1);
        Assert.Equal(SegmentIdChain.NextId(SegmentIdChain.BaselineId, "w30"), first.Segment.Id);

        Assert.Equal("office-2", second.Message.RecordingId);
        Assert.InRange(second.Segment.Start, 0.3, 0.6);
        Assert.Equal(SegmentIdChain.NextId(SegmentIdChain.BaselineId, "w50"), second.Segment.Id);
        Assert.DoesNotContain(second.Message.Segments, s => s.Text == "w30");

        // completed text is logged at Information with the stream bound by the scope
        Assert.Contains(_logs.Lines, l => l.StartsWith("Information", StringComparison.Ordinal) && l.Contains("stream=office", StringComparison.Ordinal) && l.Contains("w30", StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, l => l.StartsWith("Information", StringComparison.Ordinal) && l.Contains("stream=office", StringComparison.Ordinal) && l.Contains("w50", StringComparison.Ordinal));
        // history holds only messages that completed something
        Assert.All(_hub.History, m => Assert.Contains(m.Segments, s => s.Completed));
    }

    [Fact]
    public async Task RunAsync_NewConnectionFlowing_PublishesOnlineOncePerConnection()
    {
        var run = _worker.RunAsync(TestContext.Current.CancellationToken);
        await WriteAsync(1, TestAudio.Concat(TestAudio.Word(0.6, 0.3f), TestAudio.Silence(1)));
        await NextCompletedAsync("w30");
        _audio.Writer.Complete();
        await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var statuses = Drain().OfType<StreamStatusMessage>().ToList();
        Assert.Equal(WireStatus.Online, Assert.Single(statuses).Status);
    }

    [Fact]
    public async Task RunAsync_ConnectionAlreadyGoneWhenReached_DoesNotClaimOnline()
    {
        _clientStatus = _clientStatus with { State = StreamState.Reconnecting };
        var run = _worker.RunAsync(TestContext.Current.CancellationToken);
        await WriteAsync(1, TestAudio.Concat(TestAudio.Word(0.6, 0.3f), TestAudio.Silence(1)));
        await NextCompletedAsync("w30");
        _audio.Writer.Complete();
        await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Empty(Drain().OfType<StreamStatusMessage>());
    }

    [Fact]
    public void OnStatusChanged_OnlineStreamDrops_PublishesOfflineWithTheReason()
    {
        _worker.OnStatusChanged(Change(StreamState.Transcribing, IngestError.Disconnected, "ffmpeg exited with code 0"));

        var status = Assert.IsType<StreamStatusMessage>(Assert.Single(Drain()));
        Assert.Equal(WireStatus.Offline, status.Status);
        Assert.Equal("disconnected: ffmpeg exited with code 0", status.Message);
    }

    [Fact]
    public void OnStatusChanged_RepeatedFailureToConnect_PublishesErrorOnceForAnOperatorFault()
    {
        _worker.OnStatusChanged(Change(StreamState.Connecting, IngestError.NotFound, "method DESCRIBE failed: 404 Not Found"));
        _worker.OnStatusChanged(Change(StreamState.Connecting, IngestError.NotFound, "method DESCRIBE failed: 404 Not Found"));
        _worker.OnStatusChanged(Change(StreamState.Connecting, IngestError.ConnectionRefused, "Connection refused"));

        var statuses = Drain().Cast<StreamStatusMessage>().ToList();
        Assert.Equal(2, statuses.Count);
        Assert.Equal(WireStatus.Error, statuses[0].Status);
        Assert.StartsWith("not_found:", statuses[0].Message, StringComparison.Ordinal);
        Assert.Equal(WireStatus.Offline, statuses[1].Status);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsWithoutWaitingForMoreAudio()
    {
        using var stop = new CancellationTokenSource();
        var run = _worker.RunAsync(stop.Token);
        await WriteAsync(1, TestAudio.Word(0.6, 0.3f));
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    private static StreamStatusChange Change(StreamState previous, IngestError error, string message) => new(
        previous,
        new IngestStatus { Name = "office", Url = "rtsp://camera/office", State = StreamState.Reconnecting, Epoch = 1 },
        new ConnectionEnd(error, message, 1, HadAudio: previous == StreamState.Transcribing));

    private async Task WriteAsync(int epoch, float[] samples)
    {
        // 4096-byte chunks of s16le, as ffmpeg's pipe delivers them
        for (var i = 0; i < samples.Length; i += RtspClient.ChunkSize / 2)
        {
            var count = Math.Min(RtspClient.ChunkSize / 2, samples.Length - i);
            var pcm = new byte[count * 2];
            for (var j = 0; j < count; j++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(j * 2), (short)Math.Round(samples[i + j] * 32767));
            }

            await _audio.Writer.WriteAsync(new AudioChunk(pcm, epoch), TestContext.Current.CancellationToken);
        }
    }

    private readonly List<ProtocolMessage> _seen = [];

    private async Task<(TranscriptionMessage Message, Segment Segment)> NextCompletedAsync(string text)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var message = await _subscriber.Messages.ReadAsync(timeout.Token);
            _seen.Add(message);
            if (message is TranscriptionMessage t && t.Segments.FirstOrDefault(s => s.Completed && s.Text == text) is { } segment)
            {
                return (t, segment);
            }
        }
    }

    private List<ProtocolMessage> Drain()
    {
        while (_subscriber.Messages.TryRead(out var message))
        {
            _seen.Add(message);
        }

        return _seen;
    }

    public async ValueTask DisposeAsync()
    {
        await _scheduler.DisposeAsync();
        _loggerFactory.Dispose();
    }
}
