using Eavesdrop.Protocol;
using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Hosting;
using Eavesdrop.Server.Ingest;
using Eavesdrop.Server.Streams;
using Eavesdrop.Server.Tests.Fakes;
using Eavesdrop.Server.Tests.Ingest;
using Eavesdrop.Server.Tests.Ingest.Fakes;
using Eavesdrop.Server.Tests.Transport;
using Eavesdrop.Server.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eavesdrop.Server.Tests.Streams;

/// <summary>A subscriber that falls behind its queue through a real socket: it gets an error and is closed; the stream goes on.</summary>
public class SlowSubscriberTests
{
    [Fact]
    public async Task Subscriber_FallsFurtherBehindThanItsQueue_GetsErrorAndClose_HubDropsIt_OthersUnaffected()
    {
        var options = new EavesdropOptions
        {
            Server = new ServerOptions { Host = "127.0.0.1", Port = 0, ShutdownTimeout = TimeSpan.FromSeconds(5) },
            Rtsp = new RtspOptions { NoDataTimeout = TimeSpan.FromMinutes(5) },
            Streams = [new StreamDefinition("office", new Uri("rtsp://camera.invalid/office"))],
        };
        var runner = new FakeProcessRunner(TimeProvider.System);
        await using var app = ServerHost.Build(options, new FakeSpeechEngine(), new EnergyVoiceActivityDetector(), NullLoggerFactory.Instance, services =>
        {
            services.AddSingleton<IProcessRunner>(runner);
            services.AddSingleton<ISubscriberHandler>(sp => new StreamSubscriberHandler(sp.GetRequiredService<StreamHubs>(), queueCapacity: 4));
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var hub = app.Services.GetRequiredService<StreamHubs>().All[0];
        var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.SetRequestHeader(ProtocolHeaders.ClientType, "rtsp_subscriber");
        socket.Options.SetRequestHeader(ProtocolHeaders.StreamNames, "office");
        await socket.ConnectAsync(ServerHost.GetListeningUri(app), TestContext.Current.CancellationToken);
        await using var client = new TestClient(socket);
        await Eventually.WaitUntilAsync(() => hub.SubscriberCount == 1, "the subscriber is attached");

        // a burst far larger than the queue, published faster than any socket drains it; publishing never waits
        var latecomer = new StreamSubscriber(queueCapacity: 10_000);
        for (var i = 0; i < 2000; i++)
        {
            hub.PublishTranscription(Message($"m{i}"), keepInHistory: i == 0);
            if (i == 0)
            {
                Assert.True(hub.Attach(latecomer));
            }
        }

        var received = new List<ProtocolMessage>();
        while (await client.ReceiveAsync() is { } message)
        {
            received.Add(message);
        }

        // whatever was sent before the overflow was noticed, then the error, then the close
        var error = Assert.IsType<ErrorMessage>(received[^1]);
        Assert.Contains("too slow", error.Message, StringComparison.Ordinal);
        Assert.All(received[..^1], m => Assert.IsType<TranscriptionMessage>(m));
        Assert.True(received.Count < 2000);
        Assert.Equal(1, hub.SubscriberCount);
        Assert.False(latecomer.Overflowed);
        Assert.Equal(2000, latecomer.Messages.Count);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    private static TranscriptionMessage Message(string text) => new()
    {
        Stream = "office",
        Segments = [new Segment { Id = 1, Seek = 0, Start = 0, End = 1, Text = text, Tokens = [], AvgLogprob = 0, CompressionRatio = 1, Completed = true }],
    };
}
