namespace Eavesdrop.Server.Tests.Ingest.Fakes;

/// <summary>
/// A read-only stream the test feeds by hand, standing in for ffmpeg's stdout. It can tell the test
/// when the reader is blocked waiting for data, which is the moment a watchdog is armed.
/// </summary>
internal sealed class FakeOutputStream : Stream
{
    private readonly Lock _lock = new();
    private readonly Queue<ReadOnlyMemory<byte>> _segments = new();
    private ReadOnlyMemory<byte> _current;
    private bool _completed;
    private Exception? _failure;
    private TaskCompletionSource? _dataAvailable;
    private TaskCompletionSource _readerWaiting = NewSignal();
    private long _bytesRead;

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public long BytesUnread
    {
        get
        {
            lock (_lock)
            {
                return _current.Length + _segments.Sum(s => (long)s.Length);
            }
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Queues bytes for the reader (copied).</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            if (_completed)
            {
                throw new InvalidOperationException("The stream has already ended.");
            }

            _segments.Enqueue(data.ToArray());
            if (_readerWaiting.Task.IsCompleted)
            {
                _readerWaiting = NewSignal();
            }

            _dataAvailable?.TrySetResult();
        }
    }

    /// <summary>End of stream: reads return 0 once the queued bytes are consumed.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            _completed = true;
            _dataAvailable?.TrySetResult();
        }
    }

    /// <summary>Makes every read from now on throw <paramref name="failure"/>.</summary>
    public void Fail(Exception failure)
    {
        lock (_lock)
        {
            _failure = failure;
            _dataAvailable?.TrySetResult();
        }
    }

    /// <summary>Completes when a read is pending with nothing left to return.</summary>
    public Task WaitForBlockedReadAsync()
    {
        lock (_lock)
        {
            return _readerWaiting.Task;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_failure is not null)
                {
                    throw _failure;
                }

                if (_current.IsEmpty && _segments.Count > 0)
                {
                    _current = _segments.Dequeue();
                }

                if (!_current.IsEmpty)
                {
                    var n = Math.Min(buffer.Length, _current.Length);
                    _current[..n].CopyTo(buffer);
                    _current = _current[n..];
                    Interlocked.Add(ref _bytesRead, n);
                    return n;
                }

                if (_completed)
                {
                    return 0;
                }

                _dataAvailable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _dataAvailable.Task;
                _readerWaiting.TrySetResult();
            }

            await wait.WaitAsync(cancellationToken);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
