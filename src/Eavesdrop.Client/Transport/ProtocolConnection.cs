using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using Eavesdrop.Protocol;

namespace Eavesdrop.Client.Transport;

/// <summary>
/// One WebSocket to an Eavesdrop server: the upgrade with the client-kind headers, JSON and
/// binary sends (serialized: one send at a time), and message receives (one reader at a time).
/// </summary>
internal sealed class ProtocolConnection : IAsyncDisposable
{
    private static readonly TimeSpan s_closeTimeout = TimeSpan.FromSeconds(2);

    private readonly ClientWebSocket _socket;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _receiveBuffer = new(16 * 1024);
    private int _disposed;

    private ProtocolConnection(ClientWebSocket socket, Uri serverUri, TimeProvider timeProvider)
    {
        _socket = socket;
        ServerUri = serverUri;
        _timeProvider = timeProvider;
    }

    public Uri ServerUri { get; }

    public WebSocketState State => _socket.State;

    public static async Task<ProtocolConnection> ConnectAsync(
        Uri serverUri,
        ClientKind kind,
        IReadOnlyList<string>? streamNames,
        string? apiKey,
        TimeSpan connectTimeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serverUri);
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (kind != ClientKind.Transcriber)
        {
            socket.Options.SetRequestHeader(ProtocolHeaders.ClientType, ClientKinds.ToWireValue(kind));
        }

        if (streamNames is { Count: > 0 })
        {
            socket.Options.SetRequestHeader(ProtocolHeaders.StreamNames, ClientKinds.FormatStreamNames(streamNames));
        }

        if (!string.IsNullOrEmpty(apiKey))
        {
            socket.Options.SetRequestHeader(ProtocolHeaders.Authorization, $"{ProtocolHeaders.BearerScheme} {apiKey}");
        }

        using var timeout = new CancellationTokenSource(connectTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(serverUri, linked.Token).ConfigureAwait(false);
            return new ProtocolConnection(socket, serverUri, timeProvider);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new EavesdropClientException(ClientErrorCode.Timeout, $"Cannot connect to {serverUri}: no answer within {connectTimeout.TotalSeconds:0.#} s.");
        }
        catch (WebSocketException ex)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw status switch
            {
                HttpStatusCode.Unauthorized => new EavesdropClientException(
                    ClientErrorCode.Unauthorized, $"The server at {serverUri} refused the connection (401 Unauthorized): give the right API key.", ex),
                0 => new EavesdropClientException(
                    ClientErrorCode.Unreachable, $"Cannot connect to {serverUri}: {Innermost(ex).Message}", ex),
                _ => new EavesdropClientException(
                    ClientErrorCode.UpgradeRejected, $"The server at {serverUri} refused the WebSocket upgrade: HTTP {(int)status} {status}.", ex),
            };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The current time as a protocol timestamp.</summary>
    public double Now() => ProtocolTimestamp.Now(_timeProvider);

    public Task SendAsync(ProtocolMessage message, CancellationToken cancellationToken = default) =>
        SendFrameAsync(ProtocolCodec.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, cancellationToken);

    public Task SendBinaryAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default) =>
        SendFrameAsync(frame, WebSocketMessageType.Binary, cancellationToken);

    private async Task SendFrameAsync(ReadOnlyMemory<byte> frame, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(frame, type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException)
        {
            throw new EavesdropClientException(ClientErrorCode.ConnectionLost, $"Lost the connection to {ServerUri} while sending: {Innermost(ex).Message}", ex);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// The next JSON message, or null once the server has closed the connection (the close
    /// handshake is completed here).
    /// </summary>
    public async Task<ProtocolMessage?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        _receiveBuffer.ResetWrittenCount();
        while (true)
        {
            ValueWebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(_receiveBuffer.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException)
            {
                throw new EavesdropClientException(ClientErrorCode.ConnectionLost, $"Lost the connection to {ServerUri}: {Innermost(ex).Message}", ex);
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                await CompleteCloseAsync().ConfigureAwait(false);
                return null;
            }

            _receiveBuffer.Advance(result.Count);
            if (_receiveBuffer.WrittenCount > EavesdropClientDefaults.MaxMessageBytes)
            {
                throw new EavesdropClientException(ClientErrorCode.ProtocolViolation, $"The server sent a message larger than {EavesdropClientDefaults.MaxMessageBytes} bytes.");
            }

            if (!result.EndOfMessage)
            {
                continue;
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                throw new EavesdropClientException(ClientErrorCode.ProtocolViolation, "The server sent a binary frame; only JSON text frames are expected.");
            }

            if (!ProtocolCodec.TryParse(_receiveBuffer.WrittenSpan, out var message, out var error))
            {
                throw new EavesdropClientException(ClientErrorCode.ProtocolViolation, $"The server sent a malformed message: {error}");
            }

            return message;
        }
    }

    /// <summary>Starts the close handshake (if the socket is still open) and waits briefly for it to finish.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(s_closeTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "client done", linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or InvalidOperationException)
            {
                // the server is gone or slow: nothing more to say to it
            }
        }
    }

    private async Task CompleteCloseAsync()
    {
        if (_socket.State == WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(s_closeTimeout, _timeProvider);
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or InvalidOperationException)
            {
                // the server already went away
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await CloseAsync().ConfigureAwait(false);
        _socket.Dispose();
        _sendLock.Dispose();
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
