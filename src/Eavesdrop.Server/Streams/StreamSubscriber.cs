using System.Threading.Channels;
using Eavesdrop.Protocol;

namespace Eavesdrop.Server.Streams;

/// <summary>
/// One subscriber's bounded outgoing queue, fed by the hubs of the streams it watches. Hubs only
/// ever <see cref="TryEnqueue"/>, so a slow subscriber never blocks a stream: when the queue is
/// full the subscriber is marked <see cref="Overflowed"/>, its queue is closed, and its connection
/// is expected to send an <c>error</c> and close (it can reconnect and get the history again).
/// A silent gap would be worse than an explicit disconnect, so nothing is dropped quietly.
/// </summary>
internal sealed class StreamSubscriber
{
    /// <summary>Messages a subscriber may fall behind by before it is disconnected.</summary>
    public const int DefaultQueueCapacity = 256;

    private readonly Channel<ProtocolMessage> _queue;
    private int _overflowed;
    private int _completed;

    public StreamSubscriber(int queueCapacity = DefaultQueueCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        QueueCapacity = queueCapacity;
        _queue = Channel.CreateBounded<ProtocolMessage>(new BoundedChannelOptions(queueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public int QueueCapacity { get; }

    /// <summary>The messages to send, in order per stream. Completes on overflow or when every hub has closed.</summary>
    public ChannelReader<ProtocolMessage> Messages => _queue.Reader;

    /// <summary>True once the queue overflowed; the subscriber must be disconnected.</summary>
    public bool Overflowed => Volatile.Read(ref _overflowed) != 0;

    /// <summary>Raised once, on the hub's thread, when the queue overflows. Must not block.</summary>
    public event Action<StreamSubscriber>? OverflowDetected;

    /// <summary>Queues without waiting; false (and the subscriber is overflowed) when the queue is full or closed.</summary>
    public bool TryEnqueue(ProtocolMessage message)
    {
        if (_queue.Writer.TryWrite(message))
        {
            return true;
        }

        if (Volatile.Read(ref _completed) != 0)
        {
            return false;
        }

        if (Interlocked.Exchange(ref _overflowed, 1) == 0 && _queue.Writer.TryComplete())
        {
            OverflowDetected?.Invoke(this);
        }

        return false;
    }

    /// <summary>No more messages will come (server shutdown): the reader drains what is queued, then ends.</summary>
    public void Complete()
    {
        Volatile.Write(ref _completed, 1);
        _queue.Writer.TryComplete();
    }
}
