using System.Buffers.Binary;
using System.Net.Http.Json;
using System.Text.Json;
using Eavesdrop.Protocol;
using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Hosting;
using Eavesdrop.Server.Ingest;
using StreamStatus = Eavesdrop.Protocol.StreamStatus;
using Eavesdrop.Server.Tests.Fakes;
using Eavesdrop.Server.Tests.Ingest;
using Eavesdrop.Server.Tests.Ingest.Fakes;
using Eavesdrop.Server.Tests.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Tests.Streams;

/// <summary>
/// The whole stream path in process: the real Kestrel host with two configured streams whose
/// ffmpeg is scripted (<see cref="FakeProcessRunner"/>), the fake engine, and real WebSocket subscribers.
/// Real ffmpeg, RTSP and speech are covered end to end in Eavesdrop.EndToEnd.Tests.
/// </summary>
public sealed class StreamsServerTests : IAsyncLifetime
{
    private readonly FakeProcessRunner _runner = new(TimeProvider.System);
    private readonly ListLoggerProvider _logs = new();
    private WebApplication? _app;
    private Uri _uri = null!;
    private FakeProcess _office = null!;
    private FakeProcess _kitchen = null!;

    public async ValueTask InitializeAsync()
    {
        var options = new EavesdropOptions
        {
            Server = new ServerOptions { Host = "127.0.0.1", Port = 0, ShutdownTimeout = TimeSpan.FromSeconds(5) },
            Streaming = new StreamingOptions { IntervalSeconds = 0 },
            Rtsp = new RtspOptions { ReconnectDelay = TimeSpan.FromMilliseconds(200), NoDataTimeout = TimeSpan.FromMinutes(5), StopGracePeriod = TimeSpan.FromSeconds(2) },
            Streams = [new StreamDefinition("office", new Uri("rtsp://camera.invalid/office")), new StreamDefinition("kitchen", new Uri("rtsp://camera.invalid/kitchen"))],
        };
        var loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        _app = ServerHost.Build(options, new FakeSpeechEngine(), new EnergyVoiceActivityDetector(), loggerFactory, services => services.AddSingleton<IProcessRunner>(_runner));
        await _app.StartAsync(TestContext.Current.CancellationToken);
        _uri = ServerHost.GetListeningUri(_app);
        for (var i = 0; i < 2; i++)
        {
            var process = await _runner.NextProcessAsync();
            if (process.Arguments.Any(a => a.Contains("office", StringComparison.Ordinal)))
            {
                _office = process;
            }
            else
            {
                _kitchen = process;
            }
        }
    }

    [Theory]
    [InlineData("garage")]
    [InlineData("office,garage")]
    [InlineData("")]
    public async Task Subscribe_UnknownOrNoStreamNames_ErrorListsAvailableStreamsThenClose(string names)
    {
        await using var client = await SubscribeAsync(names);

        var error = Assert.IsType<ErrorMessage>(await client.ReceiveAsync());
        Assert.Contains("office", error.Message, StringComparison.Ordinal);
        Assert.Contains("kitchen", error.Message, StringComparison.Ordinal);
        Assert.Null(await client.ReceiveAsync());
    }

    [Fact]
    public async Task Subscribe_AfterTextExists_GetsHistoryThenStatusThenLiveText_OnlyOfItsStream()
    {
        Feed(_office, TestAudio.Concat(TestAudio.Word(0.6, 0.3f), TestAudio.Silence(1)));
        await Eventually.WaitUntilAsync(() => _logs.Lines.Any(l => l.Contains("stream=office", StringComparison.Ordinal) && l.Contains("w30", StringComparison.Ordinal) && l.StartsWith("Information", StringComparison.Ordinal)), "office's first word is transcribed");

        await Task.Delay(300);
        var subscribedAt = ProtocolTimestamp.Now(TimeProvider.System);
        await using var office = await SubscribeAsync("office");
        var history = await office.ReceiveUntilAsync<TranscriptionMessage>();
        Assert.Contains(history.Segments, s => s.Completed && s.Text == "w30");
        Assert.True(history.Timestamp < subscribedAt, "replayed history keeps the time it was made");
        var status = await office.ReceiveAsync<StreamStatusMessage>();
        Assert.Equal(StreamStatus.Online, status.Status);

        Feed(_kitchen, TestAudio.Concat(TestAudio.Word(0.6, 0.7f), TestAudio.Silence(1)));
        Feed(_office, TestAudio.Concat(TestAudio.Word(0.6, 0.5f), TestAudio.Silence(1)));
        var live = await office.ReceiveUntilAsync<TranscriptionMessage>(m => m.Segments.Any(s => s.Completed && s.Text == "w50"));
        Assert.Equal("office", live.Stream);
        Assert.DoesNotContain(live.Segments, s => s.Text == "w70");

        await using var kitchen = await SubscribeAsync("kitchen");
        var kitchenText = await kitchen.ReceiveUntilAsync<TranscriptionMessage>(m => m.Segments.Any(s => s.Completed));
        Assert.Equal("kitchen", kitchenText.Stream);
        Assert.All(kitchenText.Segments.Where(s => s.Completed), s => Assert.Equal("w70", s.Text));
    }

    [Fact]
    public async Task Subscribe_StreamDrops_OfflineWithReasonThenOnlineWhenAudioFlowsAgain()
    {
        Feed(_office, TestAudio.Word(0.5, 0.3f));
        await using var client = await SubscribeAsync("office");
        Assert.Equal(StreamStatus.Online, (await client.ReceiveUntilAsync<StreamStatusMessage>()).Status);

        _office.Exit(0);
        var offline = await client.ReceiveUntilAsync<StreamStatusMessage>();
        Assert.Equal(StreamStatus.Offline, offline.Status);
        Assert.StartsWith("disconnected:", offline.Message, StringComparison.Ordinal);

        var reconnected = await _runner.NextProcessAsync();
        Feed(reconnected, TestAudio.Concat(TestAudio.Word(0.6, 0.4f), TestAudio.Silence(1)));
        Assert.Equal(StreamStatus.Online, (await client.ReceiveUntilAsync<StreamStatusMessage>()).Status);
        var text = await client.ReceiveUntilAsync<TranscriptionMessage>(m => m.Segments.Any(s => s.Completed && s.Text == "w40"));
        // the new connection is a new recording: its timeline restarts at 0
        Assert.InRange(text.Segments.First(s => s.Text == "w40").Start, 0, 0.3);
    }

    [Fact]
    public async Task Subscribe_SubscriberSendsControlMessage_GetsErrorAndStaysSubscribed()
    {
        await using var client = await SubscribeAsync("office");
        await client.SendAsync(new ControlFlushMessage { Stream = "office", RecordingId = "x" });
        var error = await client.ReceiveUntilAsync<ErrorMessage>();
        Assert.Contains("only receive", error.Message, StringComparison.Ordinal);

        Feed(_office, TestAudio.Concat(TestAudio.Word(0.6, 0.3f), TestAudio.Silence(1)));
        await client.ReceiveUntilAsync<TranscriptionMessage>(m => m.Segments.Any(s => s.Completed && s.Text == "w30"));
    }

    [Fact]
    public async Task Stop_WithSubscribers_EachGetsDisconnectAndEveryFfmpegIsStopped()
    {
        await using var both = await SubscribeAsync("office,kitchen");
        await using var one = await SubscribeAsync("kitchen");
        var hubs = _app!.Services.GetRequiredService<Eavesdrop.Server.Streams.StreamHubs>();
        await Eventually.WaitUntilAsync(() => hubs.All.Sum(h => h.SubscriberCount) == 3, "both subscribers are attached");

        var stop = _app!.StopAsync(TestContext.Current.CancellationToken);
        var disconnects = new List<DisconnectMessage>();
        while (await both.ReceiveAsync() is { } message)
        {
            if (message is DisconnectMessage d)
            {
                disconnects.Add(d);
            }
        }

        Assert.Equal(["office", "kitchen"], disconnects.Select(d => d.Stream));
        Assert.Contains("shutting down", disconnects[0].Message, StringComparison.Ordinal);
        Assert.IsType<DisconnectMessage>(await one.ReceiveUntilAsync<DisconnectMessage>());
        await stop.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(_office.Exited.IsCompleted);
        Assert.True(_kitchen.Exited.IsCompleted);
        Assert.Contains(_logs.Lines, l => l.Contains("stopped; every ffmpeg has exited", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetStatus_ReportsEveryStreamAndCounts()
    {
        Feed(_office, TestAudio.Word(0.5, 0.3f));
        await using var subscriber = await SubscribeAsync("office");
        await subscriber.ReceiveUntilAsync<StreamStatusMessage>();

        using var http = new HttpClient();
        var json = await http.GetFromJsonAsync<JsonElement>(new Uri(new UriBuilder(_uri) { Scheme = "http" }.Uri, "/status"), TestContext.Current.CancellationToken);

        var streams = json.GetProperty("streams").EnumerateArray().ToList();
        Assert.Equal(["office", "kitchen"], streams.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal("transcribing", streams[0].GetProperty("state").GetString());
        Assert.Equal("connecting", streams[1].GetProperty("state").GetString());
        Assert.True(streams[0].GetProperty("bytes_received").GetInt64() > 0);
        Assert.Equal(0, json.GetProperty("active_sessions").GetInt32());
        Assert.Equal(1, json.GetProperty("subscribers").GetInt32());
    }

    private async Task<TestClient> SubscribeAsync(string names)
    {
        var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.SetRequestHeader(ProtocolHeaders.ClientType, "rtsp_subscriber");
        if (names.Length > 0)
        {
            socket.Options.SetRequestHeader(ProtocolHeaders.StreamNames, names);
        }

        await socket.ConnectAsync(_uri, TestContext.Current.CancellationToken);
        return new TestClient(socket);
    }

    private static void Feed(FakeProcess process, float[] samples)
    {
        var pcm = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i * 2), (short)Math.Round(samples[i] * 32767));
        }

        process.Output.Feed(pcm);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
