using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Ingest;
using Eavesdrop.Server.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Streams;

/// <summary>
/// Runs every configured RTSP stream (issue 4, Milestone 3): at start-up one <see cref="RtspClient"/>
/// and one <see cref="StreamTranscriptionWorker"/> per stream, each on its own task; at shutdown
/// (design §3.6) it stops every client (ffmpeg terminated, killed after the grace period), lets each
/// worker flush its open epoch for up to <see cref="ServerOptions.ShutdownTimeout"/>, then cancels
/// in-flight inference, waits for every task, and closes the hubs.
/// </summary>
/// <remarks>Starting only creates objects and tasks: nothing heavy runs in <see cref="StartAsync"/>.</remarks>
internal sealed partial class StreamSupervisor : IHostedService, IAsyncDisposable
{
    private readonly EavesdropOptions _options;
    private readonly SessionServices _services;
    private readonly StreamHubs _hubs;
    private readonly IProcessRunner _processRunner;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _clientStop = new();
    private readonly CancellationTokenSource _workerStop = new();
    private readonly List<RunningStream> _streams = [];
    private int _stopped;

    public StreamSupervisor(EavesdropOptions options, SessionServices services, StreamHubs hubs, IProcessRunner processRunner)
    {
        _options = options;
        _services = services;
        _hubs = hubs;
        _processRunner = processRunner;
        _loggerFactory = services.LoggerFactory;
        _logger = _loggerFactory.CreateLogger(StreamEventIds.Category);
    }

    /// <summary>Every stream's status, in configuration order (the clients' own snapshots).</summary>
    public IReadOnlyList<Ingest.StreamStatus> Statuses
    {
        get
        {
            lock (_streams)
            {
                return _streams.Select(s => s.Client.Status).ToList();
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Log.StreamsStarting(_logger, _options.Streams.Count);
        lock (_streams)
        {
            foreach (var definition in _options.Streams)
            {
                _hubs.TryGet(definition.Name, out var hub);
                var client = new RtspClient(definition, _options.Rtsp, _processRunner, _services.Time, _loggerFactory);
                var worker = new StreamTranscriptionWorker(definition.Name, client.Audio, () => client.Status, hub, _services, _logger);
                client.StatusChanged += worker.OnStatusChanged;
                var clientTask = client.RunAsync(_clientStop.Token);
                var workerTask = worker.RunAsync(_workerStop.Token);
                _streams.Add(new RunningStream(client, worker, clientTask, workerTask));
            }
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        List<RunningStream> streams;
        lock (_streams)
        {
            streams = [.. _streams];
        }

        Log.StreamsStopping(_logger, streams.Count);
        // 1. every ffmpeg is terminated (killed after the grace period); the audio channels complete
        await _clientStop.CancelAsync();
        await Task.WhenAll(streams.Select(s => s.Client.DisposeAsync().AsTask()));
        await Task.WhenAll(streams.Select(s => Observe(s.ClientTask)));

        // 2. workers flush their open epoch, bounded; then in-flight inference is cancelled
        var workers = Task.WhenAll(streams.Select(s => Observe(s.WorkerTask)));
        try
        {
            await workers.WaitAsync(_options.Server.ShutdownTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            Log.FinalFlushAbandoned(_logger, _options.Server.ShutdownTimeout.TotalSeconds);
        }

        await _workerStop.CancelAsync();
        await workers;

        // 3. subscribers still connected get what is queued, then their disconnect
        _hubs.CompleteAll();
        Log.StreamsStopped(_logger, streams.Count);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _clientStop.Dispose();
        _workerStop.Dispose();
    }

    private static async Task Observe(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // each task logs its own failures
        }
    }

    private sealed record RunningStream(RtspClient Client, StreamTranscriptionWorker Worker, Task ClientTask, Task WorkerTask);

    private static partial class Log
    {
        [LoggerMessage(StreamEventIds.StreamsStarting, LogLevel.Information,
            "Starting {StreamCount} RTSP stream(s)", EventName = "StreamsStarting")]
        public static partial void StreamsStarting(ILogger logger, int streamCount);

        [LoggerMessage(StreamEventIds.StreamsStopping, LogLevel.Information,
            "Stopping {StreamCount} RTSP stream(s)", EventName = "StreamsStopping")]
        public static partial void StreamsStopping(ILogger logger, int streamCount);

        [LoggerMessage(StreamEventIds.StreamsStopped, LogLevel.Information,
            "All {StreamCount} RTSP stream(s) stopped; every ffmpeg has exited", EventName = "StreamsStopped")]
        public static partial void StreamsStopped(ILogger logger, int streamCount);

        [LoggerMessage(StreamEventIds.FinalFlushAbandoned, LogLevel.Warning,
            "Streams' final transcription abandoned after {TimeoutSeconds} s; in-flight inference cancelled", EventName = "StreamsFinalFlushAbandoned")]
        public static partial void FinalFlushAbandoned(ILogger logger, double timeoutSeconds);
    }
}
