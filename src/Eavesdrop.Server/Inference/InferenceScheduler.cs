using System.Threading.Channels;
using Eavesdrop.Engine.Abstractions;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Inference;

/// <summary>
/// Runs every session's windows on the one shared engine, on dedicated inference threads (never
/// the I/O path), at most <c>maxConcurrency</c> engine calls at once so ONNX Runtime's intra-op
/// threads do not oversubscribe the cores. Windows that are waiting together are batched into one
/// engine call, which is the main throughput lever when many sessions speak at once.
/// </summary>
internal sealed partial class InferenceScheduler : IAsyncDisposable
{
    private readonly ISpeechEngine _engine;
    private readonly ILogger _logger;
    private readonly int _maxBatchSize;
    private readonly Channel<InferenceWorkItem> _queue = Channel.CreateUnbounded<InferenceWorkItem>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly Thread[] _workers;
    private int _disposed;

    public InferenceScheduler(ISpeechEngine engine, int maxConcurrency, int maxBatchSize, ILogger<InferenceScheduler> logger)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _engine = engine;
        _logger = logger;
        _maxBatchSize = Math.Min(maxBatchSize, Math.Max(1, engine.Capabilities.MaxBatchSize));
        _workers = new Thread[maxConcurrency];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"eavesdrop-inference-{i}" };
            _workers[i].Start();
        }
    }

    public ISpeechEngine Engine => _engine;

    /// <summary>Windows waiting for an inference thread (for status and tests).</summary>
    public int QueueLength => _queue.Reader.Count;

    /// <summary>Queues one window; completes when the engine has transcribed it.</summary>
    /// <exception cref="OperationCanceledException">The caller cancelled before the result was ready.</exception>
    public Task<TranscriptionResult> TranscribeAsync(TranscriptionRequest request, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var item = new InferenceWorkItem(request, cancellationToken);
        if (!_queue.Writer.TryWrite(item))
        {
            throw new ObjectDisposedException(nameof(InferenceScheduler));
        }

        return item.Task;
    }

    private void WorkerLoop()
    {
        var batch = new List<InferenceWorkItem>(_maxBatchSize);
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < _maxBatchSize && reader.TryRead(out var item))
            {
                // A session that cancelled (utterance cancelled, disconnected) costs nothing more.
                if (!item.TryMarkCancelledIfRequested())
                {
                    batch.Add(item);
                }
            }

            if (batch.Count > 0)
            {
                Run(batch);
            }
        }
    }

    private void Run(List<InferenceWorkItem> batch)
    {
        try
        {
            var requests = new TranscriptionRequest[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                requests[i] = batch[i].Request;
            }

            var started = Environment.TickCount64;
            // Only cancel the engine call if every caller in the batch has gone away.
            using var batchCancellation = InferenceWorkItem.LinkAll(batch);
            var results = _engine.Transcribe(requests, batchCancellation.Token);
            Log.BatchCompleted(_logger, batch.Count, Environment.TickCount64 - started);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Complete(results[i]);
            }
        }
        catch (OperationCanceledException)
        {
            foreach (var item in batch)
            {
                item.Cancel();
            }
        }
#pragma warning disable CA1031 // an engine fault fails the batch's callers, never the worker thread
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.BatchFailed(_logger, batch.Count, ex);
            foreach (var item in batch)
            {
                item.Fail(ex);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        // Let the workers finish the batches they hold; queued-but-unstarted items were drained by them too.
        await Task.Run(() =>
        {
            foreach (var worker in _workers)
            {
                worker.Join();
            }
        }).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3000, EventName = "InferenceBatchCompleted", Level = LogLevel.Debug,
            Message = "Inference batch of {BatchSize} window(s) took {ElapsedMs} ms")]
        public static partial void BatchCompleted(ILogger logger, int batchSize, long elapsedMs);

        [LoggerMessage(EventId = 3001, EventName = "InferenceBatchFailed", Level = LogLevel.Error,
            Message = "Inference batch of {BatchSize} window(s) failed")]
        public static partial void BatchFailed(ILogger logger, int batchSize, Exception exception);
    }
}
