using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;
using Eavesdrop.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.EndToEnd.Tests.Client;

/// <summary>
/// TEST DOUBLE, not the Eavesdrop server: a Kestrel WebSocket endpoint on 127.0.0.1:0 that runs
/// a test-supplied script per connection, so client tests can check exactly what the client
/// sends and how it reacts to scripted answers. The real server is tested in its own projects.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<Exception> _scriptFailures = Channel.CreateUnbounded<Exception>();

    private ScriptedServer(WebApplication app, Uri uri)
    {
        _app = app;
        Uri = uri;
    }

    /// <summary>ws://127.0.0.1:PORT/</summary>
    public Uri Uri { get; }

    /// <summary>Starts a server whose connections run <paramref name="script"/>; a null result from <paramref name="reject"/> accepts the upgrade, a status code refuses it.</summary>
    public static async Task<ScriptedServer> StartAsync(Func<ScriptedConnection, Task> script, Func<HttpContext, int?>? reject = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        ScriptedServer? server = null;
        app.Run(async context =>
        {
            if (reject?.Invoke(context) is { } status)
            {
                context.Response.StatusCode = status;
                return;
            }

            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var connection = new ScriptedConnection(socket, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            try
            {
                await script(connection);
            }
            catch (Exception ex)
            {
                server!._scriptFailures.Writer.TryWrite(ex);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new ScriptedServer(app, new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/"));
        return server;
    }

    /// <summary>Throws the first exception a script threw (a failed assertion inside the server), if any.</summary>
    public void ThrowIfScriptFailed()
    {
        if (_scriptFailures.Reader.TryRead(out var ex))
        {
            throw new InvalidOperationException("The scripted server failed: " + ex.Message, ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One accepted WebSocket of the <see cref="ScriptedServer"/>, with what the client sent so far.</summary>
internal sealed class ScriptedConnection(WebSocket socket, IReadOnlyDictionary<string, string> headers)
{
    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    /// <summary>Every text frame received, as sent.</summary>
    public List<string> TextFrames { get; } = [];

    /// <summary>Every binary frame received, END_OF_AUDIO included.</summary>
    public List<byte[]> BinaryFrames { get; } = [];

    /// <summary>The next frame: a parsed JSON message, a binary payload, or null when the client closed.</summary>
    public async Task<(ProtocolMessage? Message, byte[]? Binary)?> ReceiveAsync()
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(chunk, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            buffer.Write(chunk, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var bytes = buffer.ToArray();
            if (result.MessageType == WebSocketMessageType.Binary)
            {
                BinaryFrames.Add(bytes);
                return (null, bytes);
            }

            TextFrames.Add(System.Text.Encoding.UTF8.GetString(bytes));
            if (!ProtocolCodec.TryParse(bytes, out var message, out var error))
            {
                throw new InvalidOperationException($"The client sent invalid JSON: {error}");
            }

            return (message, null);
        }
    }

    public async Task<T> ReceiveMessageAsync<T>()
        where T : ProtocolMessage
    {
        var frame = await ReceiveAsync() ?? throw new InvalidOperationException($"Client closed; expected {typeof(T).Name}.");
        return frame.Message as T ?? throw new InvalidOperationException($"Expected {typeof(T).Name}, got {(frame.Message?.Type ?? $"a binary frame of {frame.Binary!.Length} bytes")}.");
    }

    /// <summary>Receives binary frames until END_OF_AUDIO; returns all bytes before it.</summary>
    public async Task<byte[]> ReceiveAudioUntilEndAsync(Func<int, Task>? onFrame = null)
    {
        using var audio = new MemoryStream();
        var frames = 0;
        while (true)
        {
            var frame = await ReceiveAsync() ?? throw new InvalidOperationException("Client closed before END_OF_AUDIO.");
            if (frame.Binary is null)
            {
                throw new InvalidOperationException($"Expected audio, got '{frame.Message!.Type}'.");
            }

            if (AudioFrames.IsEndOfAudio(frame.Binary))
            {
                return audio.ToArray();
            }

            audio.Write(frame.Binary);
            frames++;
            if (onFrame is not null)
            {
                await onFrame(frames);
            }
        }
    }

    public Task SendAsync(ProtocolMessage message) =>
        socket.SendAsync(ProtocolCodec.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>Closes the handshake from the server side and waits for the client's answer.</summary>
    public async Task CloseAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // the client went away first
            }
        }
    }
}
