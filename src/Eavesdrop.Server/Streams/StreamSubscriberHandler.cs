using System.Net.WebSockets;
using Eavesdrop.Protocol;
using Eavesdrop.Server.Transport;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Streams;

/// <summary>
/// Serves <c>rtsp_subscriber</c> connections (PROTOCOL.md "RTSP subscriber session"): no or unknown
/// stream names get an <c>error</c> listing the available streams and a close; otherwise the
/// subscriber gets each stream's history, its latest status, then live messages. Anything the
/// subscriber sends gets an <c>error</c>. A subscriber that falls more than its queue capacity
/// behind gets an <c>error</c> and is closed. At server shutdown it gets a <c>disconnect</c> per stream.
/// </summary>
internal sealed partial class StreamSubscriberHandler : ISubscriberHandler
{
    /// <summary>How long an overflowed subscriber's pending send may take before its socket is aborted.</summary>
    private static readonly TimeSpan s_overflowSendGrace = TimeSpan.FromSeconds(5);

    private readonly StreamHubs _hubs;
    private readonly int _queueCapacity;

    public StreamSubscriberHandler(StreamHubs hubs)
        : this(hubs, StreamSubscriber.DefaultQueueCapacity)
    {
    }

    public StreamSubscriberHandler(StreamHubs hubs, int queueCapacity)
    {
        _hubs = hubs;
        _queueCapacity = queueCapacity;
    }

    public async Task RunAsync(WebSocketConnection connection, IReadOnlyList<string> streamNames, ILogger logger, CancellationToken shutdown, CancellationToken connectionAborted)
    {
        var names = streamNames.Distinct(StringComparer.Ordinal).ToList();
        var unknown = names.Where(n => !_hubs.TryGet(n, out _)).ToList();
        if (names.Count == 0 || unknown.Count > 0)
        {
            var available = string.Join(", ", _hubs.Names);
            var message = names.Count == 0
                ? $"No stream names given: send X-Stream-Names (or ?streams=) with one or more of: {available}."
                : $"Unknown stream(s) {string.Join(", ", unknown.Select(n => $"'{n}'"))}: this server has {available}.";
            Log.SubscriberRejected(logger, message);
            await connection.SendAsync(new ErrorMessage { Message = message }, connectionAborted);
            await connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, names.Count == 0 ? "No stream names" : "Unknown stream", connectionAborted);
            await connection.AwaitCloseReplyAsync(connectionAborted);
            return;
        }

        var subscriber = new StreamSubscriber(_queueCapacity);
        using var sendStop = CancellationTokenSource.CreateLinkedTokenSource(connectionAborted);
        // a subscriber that stopped reading would hold its send forever: give it a grace period, then abort
        subscriber.OverflowDetected += _ => sendStop.CancelAfter(s_overflowSendGrace);
        var hubs = names.Select(n => { _hubs.TryGet(n, out var hub); return hub; }).ToList();
        var attached = new List<StreamHub>();
        try
        {
            foreach (var hub in hubs)
            {
                if (hub.Attach(subscriber))
                {
                    attached.Add(hub);
                }
            }

            Log.SubscriberJoined(logger, string.Join(",", names));
            using var receiveStop = CancellationTokenSource.CreateLinkedTokenSource(connectionAborted);
            var receive = ReceiveLoopAsync(connection, logger, receiveStop.Token);
            var outcome = await SendLoopAsync(connection, subscriber, receive, shutdown, sendStop.Token);
            await FinishAsync(connection, names, subscriber, outcome, connectionAborted);
            // give the client time to answer our close frame: aborting now would send a TCP reset,
            // which can destroy the messages (disconnect) it has not read yet
            await Task.WhenAny(receive, Task.Delay(WebSocketConnection.CloseReplyTimeout, connectionAborted));
            await receiveStop.CancelAsync();
            await receive;
            Log.SubscriberLeft(logger, outcome);
        }
        finally
        {
            foreach (var hub in attached)
            {
                hub.Detach(subscriber);
            }
        }
    }

    private static async Task<SubscriberOutcome> SendLoopAsync(
        WebSocketConnection connection, StreamSubscriber subscriber, Task receive, CancellationToken shutdown, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(shutdown, cancellationToken);
        var messages = subscriber.Messages;
        try
        {
            while (true)
            {
                var ready = messages.WaitToReadAsync(wait.Token).AsTask();
                if (await Task.WhenAny(ready, receive) == receive)
                {
                    return SubscriberOutcome.ClientClosed;
                }

                if (subscriber.Overflowed)
                {
                    return SubscriberOutcome.Overflowed;
                }

                if (!await ready)
                {
                    return SubscriberOutcome.ServerShutdown;
                }

                while (messages.TryRead(out var message))
                {
                    if (subscriber.Overflowed)
                    {
                        return SubscriberOutcome.Overflowed;
                    }

                    if (!await connection.SendAsync(message, cancellationToken))
                    {
                        return SubscriberOutcome.ClientClosed;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            return shutdown.IsCancellationRequested ? SubscriberOutcome.ServerShutdown
                : subscriber.Overflowed ? SubscriberOutcome.Overflowed
                : SubscriberOutcome.ClientClosed;
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException)
        {
            return SubscriberOutcome.ClientClosed;
        }
        finally
        {
            // releases a wait still pending on the queue
            await wait.CancelAsync();
        }
    }

    private async Task FinishAsync(WebSocketConnection connection, IReadOnlyList<string> names, StreamSubscriber subscriber, SubscriberOutcome outcome, CancellationToken connectionAborted)
    {
        switch (outcome)
        {
            case SubscriberOutcome.ServerShutdown:
                foreach (var name in names)
                {
                    await connection.SendAsync(new DisconnectMessage { Stream = name, Message = "Server shutting down" }, connectionAborted);
                }

                await connection.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "Server shutting down", connectionAborted);
                return;

            case SubscriberOutcome.Overflowed:
                using (var grace = CancellationTokenSource.CreateLinkedTokenSource(connectionAborted))
                {
                    grace.CancelAfter(s_overflowSendGrace);
                    var message = $"Subscriber too slow: more than {subscriber.QueueCapacity} messages were waiting to be sent; disconnected. Reconnect to get the history again.";
                    try
                    {
                        await connection.SendAsync(new ErrorMessage { Message = message }, grace.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }

                    await connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, "Subscriber too slow", grace.Token);
                }

                return;

            default:
                await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "Bye", connectionAborted);
                return;
        }
    }

    /// <summary>Subscribers only listen: every message gets an error; a close (or a vanished client) ends the loop.</summary>
    private static async Task ReceiveLoopAsync(WebSocketConnection connection, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var frame = await connection.ReceiveAsync(cancellationToken);
                if (frame.Kind == ReceivedFrameKind.Closed)
                {
                    return;
                }

                var described = frame.Kind == ReceivedFrameKind.TooLarge || frame.MessageType == WebSocketMessageType.Binary
                    ? "binary or oversized frame"
                    : ProtocolCodec.TryParse(frame.Payload.Span, out var message, out _) ? $"'{message!.Type}'" : "unparseable message";
                Log.SubscriberSentControl(logger, described);
                await connection.SendAsync(
                    new ErrorMessage { Message = $"RTSP subscribers only receive: {described} ignored. Control messages are not accepted on a subscriber connection." },
                    cancellationToken);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // the client vanished or the session ended
        }
    }

    private enum SubscriberOutcome
    {
        ClientClosed,
        ServerShutdown,
        Overflowed,
    }

    private static partial class Log
    {
        [LoggerMessage(StreamEventIds.SubscriberRejected, LogLevel.Warning,
            "Subscriber rejected: {ErrorMessage}", EventName = "SubscriberRejected")]
        public static partial void SubscriberRejected(ILogger logger, string errorMessage);

        [LoggerMessage(StreamEventIds.SubscriberJoined, LogLevel.Debug,
            "Subscriber attached to {Streams}", EventName = "SubscriberJoined")]
        public static partial void SubscriberJoined(ILogger logger, string streams);

        [LoggerMessage(StreamEventIds.SubscriberLeft, LogLevel.Information,
            "Subscriber left ({Outcome})", EventName = "SubscriberLeft")]
        public static partial void SubscriberLeft(ILogger logger, SubscriberOutcome outcome);

        [LoggerMessage(StreamEventIds.SubscriberSentControl, LogLevel.Warning,
            "Subscriber sent {Described}; answered with an error", EventName = "SubscriberSentControl")]
        public static partial void SubscriberSentControl(ILogger logger, string described);
    }
}
