using System.Buffers;
using System.Net.WebSockets;
using Eavesdrop.Protocol;

namespace Eavesdrop.Server.Transport;

/// <summary>
/// A server-side WebSocket with whole-message receive (bounded by the maximum frame size) and
/// serialised sends, since a session's results and the receive loop's errors are sent from
/// different tasks.
/// </summary>
internal sealed class WebSocketConnection : IDisposable
{
    /// <summary>How long the server waits for a client's close reply before tearing the socket down.</summary>
    public static readonly TimeSpan CloseReplyTimeout = TimeSpan.FromSeconds(2);

    private readonly WebSocket _socket;
    private readonly int _maxMessageBytes;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private byte[] _receiveBuffer = ArrayPool<byte>.Shared.Rent(64 * 1024);

    public WebSocketConnection(WebSocket socket, int maxMessageBytes, TimeProvider time)
    {
        _socket = socket;
        _maxMessageBytes = maxMessageBytes;
        _time = time;
    }

    public WebSocketState State => _socket.State;

    /// <summary>True while the server may still send (open, or the client half-closed).</summary>
    public bool CanSend => _socket.State is WebSocketState.Open or WebSocketState.CloseReceived;

    public async ValueTask<ReceivedFrame> ReceiveAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == _receiveBuffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_receiveBuffer.Length * 2, _maxMessageBytes + 1));
                _receiveBuffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_receiveBuffer);
                _receiveBuffer = larger;
            }

            var result = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new ReceivedFrame(ReceivedFrameKind.Closed, result.MessageType, default, 0);
            }

            length += result.Count;
            if (length > _maxMessageBytes)
            {
                return new ReceivedFrame(ReceivedFrameKind.TooLarge, result.MessageType, default, length);
            }

            if (result.EndOfMessage)
            {
                return new ReceivedFrame(ReceivedFrameKind.Message, result.MessageType, _receiveBuffer.AsMemory(0, length), length);
            }
        }
    }

    /// <summary>
    /// Sends a message, stamped with the current time unless it already carries one (replayed
    /// history keeps the time it was made); false if the socket can no longer send.
    /// </summary>
    public async ValueTask<bool> SendAsync(ProtocolMessage message, CancellationToken cancellationToken)
    {
        var stamped = message.Timestamp == 0 ? message with { Timestamp = ProtocolTimestamp.Now(_time) } : message;
        var payload = ProtocolCodec.SerializeToUtf8Bytes(stamped);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (!CanSend)
            {
                return false;
            }

            await _socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            return true;
        }
        catch (WebSocketException)
        {
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes politely; never throws (the peer may already be gone).</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string description, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(status, description, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _socket.Abort();
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// After our close frame, when nothing else is reading: waits (bounded) for the client's close
    /// reply. Returning at once would abort the socket, and the TCP reset that follows can destroy
    /// messages the client has not read yet.
    /// </summary>
    public async Task AwaitCloseReplyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CloseReplyTimeout);
        try
        {
            while (_socket.State == WebSocketState.CloseSent)
            {
                var result = await _socket.ReceiveAsync(_receiveBuffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the client went away without answering: nothing left to protect
        }
    }

    public void Dispose()
    {
        _sendLock.Dispose();
        ArrayPool<byte>.Shared.Return(_receiveBuffer);
        _receiveBuffer = [];
    }
}
