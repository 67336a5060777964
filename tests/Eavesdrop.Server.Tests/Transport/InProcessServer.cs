using Microsoft.Extensions.Logging;
using System.Net.WebSockets;
using System.Text;
using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Protocol;
using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Hosting;
using Eavesdrop.Server.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eavesdrop.Server.Tests.Transport;

/// <summary>The real Kestrel host on 127.0.0.1:0 with a fake engine, for protocol tests through real sockets.</summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessServer(WebApplication app, Uri uri, ISpeechEngine engine)
    {
        _app = app;
        Uri = uri;
        Engine = engine;
    }

    public Uri Uri { get; }

    public ISpeechEngine Engine { get; }

    public ListLoggerProvider Logs { get; private init; } = new();

    public static async Task<InProcessServer> StartAsync(Func<EavesdropOptions, EavesdropOptions>? configure = null, ISpeechEngine? engine = null)
    {
        var options = new EavesdropOptions
        {
            Server = new ServerOptions { Host = "127.0.0.1", Port = 0, MaxFrameBytes = 64 * 1024, ShutdownTimeout = TimeSpan.FromSeconds(5) },
            Streaming = new StreamingOptions { IntervalSeconds = 0 },
        };
        options = configure?.Invoke(options) ?? options;
        engine ??= new FakeSpeechEngine();
        var logs = new ListLoggerProvider();
        var app = ServerHost.Build(options, engine, new EnergyVoiceActivityDetector(), LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug)));
        await app.StartAsync();
        return new InProcessServer(app, ServerHost.GetListeningUri(app), engine) { Logs = logs };
    }

    public async Task<TestClient> ConnectAsync(Action<ClientWebSocketOptions>? configure = null, string path = "/")
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        await socket.ConnectAsync(new Uri(Uri, path), CancellationToken.None);
        return new TestClient(socket);
    }

    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        var dump = Environment.GetEnvironmentVariable("EAVESDROP_TEST_LOG_DIR");
        if (dump is not null)
        {
            await File.AppendAllLinesAsync(Path.Combine(dump, "server-tests.log"), Logs.Lines);
        }
    }
}

/// <summary>A raw WebSocket test client that speaks JSON text frames and float32 binary frames.</summary>
internal sealed class TestClient : IAsyncDisposable
{
    public TestClient(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public Task SendTextAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendAsync(ProtocolMessage message) => SendTextAsync(ProtocolCodec.Serialize(message));

    public Task SendBinaryAsync(byte[] bytes) =>
        Socket.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None);

    /// <summary>Sends audio in 0.25 s frames, as a live client would.</summary>
    public async Task SendAudioAsync(float[] samples)
    {
        foreach (var chunk in TestAudio.Chunks(samples, 0.25))
        {
            await SendBinaryAsync(AudioFrames.EncodeSamples(chunk));
        }
    }

    public Task SendEndOfAudioAsync() => SendBinaryAsync(AudioFrames.EndOfAudio.ToArray());

    public async Task SetUpAsync(string stream = "mic", SessionOptionsMessage? options = null, string recordingId = "r1")
    {
        await SendAsync(new SetupMessage { Stream = stream, Options = options });
        await ReceiveAsync<ServerReadyMessage>();
        await SendAsync(new ControlRecordingStartedMessage { Stream = stream, RecordingId = recordingId, SampleRateHz = 16000 });
    }

    /// <summary>Next message; null when the server closed.</summary>
    public async Task<ProtocolMessage?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var buffer = new byte[1 << 20];
        var length = 0;
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer.AsMemory(length), cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                Assert.True(ProtocolCodec.TryParse(buffer.AsSpan(0, length), out var message, out var error), error);
                return message;
            }
        }
    }

    public async Task<T> ReceiveAsync<T>()
        where T : ProtocolMessage
    {
        var message = await ReceiveAsync();
        return Assert.IsType<T>(message);
    }

    /// <summary>Reads until a message matches; fails on close or timeout.</summary>
    public async Task<T> ReceiveUntilAsync<T>(Func<T, bool>? predicate = null)
        where T : ProtocolMessage
    {
        while (true)
        {
            var message = await ReceiveAsync();
            Assert.NotNull(message);
            if (message is T typed && (predicate is null || predicate(typed)))
            {
                return typed;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
        }

        Socket.Dispose();
    }
}
