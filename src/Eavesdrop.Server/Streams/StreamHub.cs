using Eavesdrop.Protocol;
using Eavesdrop.Server.Configuration;

namespace Eavesdrop.Server.Streams;

/// <summary>
/// One RTSP stream's fan-out (PROTOCOL.md "RTSP subscriber session"): a bounded history of its
/// <c>transcription</c> messages, its latest <c>stream_status</c>, and any number of subscribers.
/// </summary>
/// <remarks>
/// <para>History keeps only the messages in which at least one segment completed (each carries the
/// last N completed segments plus the tail); the frequent tail-only updates go to live subscribers
/// but are not replayed. It is bounded by <see cref="HistoryOptions.MaxMessages"/> (oldest dropped)
/// and <see cref="HistoryOptions.MaxAge"/> (measured with the injected <see cref="TimeProvider"/>).</para>
/// <para>A new subscriber gets the history, then the latest status (if any), then live messages,
/// with nothing missed or repeated in between. Publishing never waits on a subscriber.</para>
/// </remarks>
internal sealed class StreamHub
{
    private readonly HistoryOptions _history;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Queue<(DateTimeOffset At, TranscriptionMessage Message)> _entries = new();
    private readonly List<StreamSubscriber> _subscribers = [];
    private StreamStatusMessage? _latestStatus;
    private bool _completed;

    public StreamHub(string name, HistoryOptions history, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(time);
        Name = name;
        _history = history;
        _time = time;
    }

    public string Name { get; }

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>The latest <c>stream_status</c>; null until the stream first went online or failed.</summary>
    public StreamStatusMessage? LatestStatus
    {
        get
        {
            lock (_gate)
            {
                return _latestStatus;
            }
        }
    }

    /// <summary>The replayable history now (expired entries removed), oldest first.</summary>
    public IReadOnlyList<TranscriptionMessage> History
    {
        get
        {
            lock (_gate)
            {
                Prune();
                return _entries.Select(e => e.Message).ToList();
            }
        }
    }

    /// <summary>Sends a transcription to every subscriber; keeps it for replay when <paramref name="keepInHistory"/>.</summary>
    public void PublishTranscription(TranscriptionMessage message, bool keepInHistory)
    {
        ArgumentNullException.ThrowIfNull(message);
        var stamped = message with { Timestamp = ProtocolTimestamp.Now(_time) };
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            if (keepInHistory && _history.MaxMessages > 0)
            {
                _entries.Enqueue((_time.GetUtcNow(), stamped));
                Prune();
            }

            FanOut(stamped);
        }
    }

    /// <summary>Sends a live-only message (<c>language_detection</c>, a window's <c>error</c>) to every subscriber; never replayed.</summary>
    public void PublishLive(ProtocolMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var stamped = message with { Timestamp = ProtocolTimestamp.Now(_time) };
        lock (_gate)
        {
            if (!_completed)
            {
                FanOut(stamped);
            }
        }
    }

    /// <summary>Sends a status change to every subscriber and remembers it for new ones.</summary>
    public void PublishStatus(StreamStatusMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var stamped = message with { Timestamp = ProtocolTimestamp.Now(_time) };
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _latestStatus = stamped;
            FanOut(stamped);
        }
    }

    /// <summary>
    /// Queues the history and the latest status for <paramref name="subscriber"/> and registers it for
    /// live messages, atomically. False when the hub is closed (server shutting down).
    /// </summary>
    public bool Attach(StreamSubscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            Prune();
            foreach (var (_, message) in _entries)
            {
                if (!subscriber.TryEnqueue(message))
                {
                    return false;
                }
            }

            if (_latestStatus is { } status && !subscriber.TryEnqueue(status))
            {
                return false;
            }

            _subscribers.Add(subscriber);
            return true;
        }
    }

    public void Detach(StreamSubscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscriber);
        }
    }

    /// <summary>Closes the hub: every subscriber's queue completes after what it already holds.</summary>
    public void Complete()
    {
        List<StreamSubscriber> subscribers;
        lock (_gate)
        {
            _completed = true;
            subscribers = [.. _subscribers];
            _subscribers.Clear();
        }

        foreach (var subscriber in subscribers)
        {
            subscriber.Complete();
        }
    }

    private void FanOut(ProtocolMessage message)
    {
        for (var i = _subscribers.Count - 1; i >= 0; i--)
        {
            if (!_subscribers[i].TryEnqueue(message))
            {
                // overflowed: its connection disconnects it; it gets nothing more from here
                _subscribers.RemoveAt(i);
            }
        }
    }

    private void Prune()
    {
        var oldest = _time.GetUtcNow() - _history.MaxAge;
        while (_entries.Count > 0 && (_entries.Count > _history.MaxMessages || _entries.Peek().At < oldest))
        {
            _entries.Dequeue();
        }
    }
}
