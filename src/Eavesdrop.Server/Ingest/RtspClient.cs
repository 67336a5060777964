using System.Threading.Channels;
using Eavesdrop.Server.Configuration;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Ingest;

/// <summary>
/// Ingests one RTSP stream through ffmpeg (design §3): decodes it to 16 kHz mono s16le, writes
/// 4096-byte chunks into a bounded channel (<see cref="Audio"/>), and reconnects after every end of
/// ffmpeg with a fixed delay, forever, until cancelled or disposed.
/// </summary>
/// <remarks>
/// One consumer reads <see cref="Audio"/>. A new <see cref="AudioChunk.Epoch"/> starts a new
/// session; an <see cref="AudioChunk.IsEndOfConnection"/> marker ends one. <see cref="StatusChanged"/>
/// reports every state change for <c>stream_status</c> messages. The channel completes when the
/// client stops.
/// </remarks>
internal sealed partial class RtspClient : IAsyncDisposable
{
    /// <summary>Bytes per stdout read (design §3: 4096-byte chunks, 128 ms of audio).</summary>
    public const int ChunkSize = 4096;

    /// <summary>Chunks the channel holds before ffmpeg is made to wait (design §3.5: 100, about 12.8 s).</summary>
    public const int ChannelCapacity = 100;

    private readonly StreamDefinition _stream;
    private readonly RtspOptions _options;
    private readonly IProcessRunner _processRunner;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CredentialRedactor _redactor;
    private readonly IReadOnlyList<string> _arguments;
    private readonly Channel<AudioChunk> _audio = Channel.CreateBounded<AudioChunk>(
        new BoundedChannelOptions(ChannelCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
            SingleReader = true,
        });

    private readonly CancellationTokenSource _disposeCts = new();
    private readonly Lock _statusLock = new();
    private StreamStatus _status;
    private Task? _runTask;
    private int _started;
    private int _disposed;

    public RtspClient(
        StreamDefinition stream,
        RtspOptions options,
        IProcessRunner processRunner,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(processRunner);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReconnectDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.NoDataTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.StopGracePeriod, TimeSpan.Zero);

        _stream = stream;
        _options = options;
        _processRunner = processRunner;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger(IngestEventIds.Category);
        _redactor = new CredentialRedactor(stream.Url);
        _arguments = FfmpegCommand.Arguments(stream.Url);
        _status = new StreamStatus
        {
            Name = stream.Name,
            Url = _redactor.RedactedUrl,
            State = StreamState.NotStarted,
            Since = timeProvider.GetUtcNow(),
        };
    }

    /// <summary>Raised synchronously on the client's task at every state change. Keep handlers short; they must not block.</summary>
    public event Action<StreamStatusChange>? StatusChanged;

    public string Name => _stream.Name;

    /// <summary>The audio: bounded to <see cref="ChannelCapacity"/> chunks, ffmpeg waits when it is full.</summary>
    public ChannelReader<AudioChunk> Audio => _audio.Reader;

    /// <summary>The current status snapshot.</summary>
    public StreamStatus Status
    {
        get
        {
            lock (_statusLock)
            {
                return _status;
            }
        }
    }

    /// <summary>
    /// Runs the ingest loop until <paramref name="cancellationToken"/> fires or the client is disposed,
    /// then throws <see cref="OperationCanceledException"/>. Camera faults never end the loop. Call once.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"Stream '{Name}' is already running; RunAsync may be called once.");
        }

        var task = RunLoopAsync(cancellationToken);
        Volatile.Write(ref _runTask, task);
        return task;
    }

    /// <summary>Stops the loop (terminating ffmpeg, killing it after the grace period) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposeCts.CancelAsync();
        if (Volatile.Read(ref _runTask) is { } runTask)
        {
            try
            {
                await runTask;
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // already logged by the loop; disposal must not throw
            }
        }

        _audio.Writer.TryComplete();
        _disposeCts.Dispose();
    }

    private async Task RunLoopAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposeCts.Token);
        var stopToken = linked.Token;
        using var scope = _logger.BeginScope(new StreamLogScope(_stream.Name));
        try
        {
            while (true)
            {
                ConnectionEnd end;
                try
                {
                    end = await RunConnectionAsync(stopToken);
                }
                catch (Exception exception) when (!stopToken.IsCancellationRequested && exception is not OutOfMemoryException)
                {
                    // a fault of ours must not end the stream for good: report it and go through the reconnect path
                    var message = _redactor.Redact(exception.Message);
                    Log.IngestFailed(_logger, message);
                    end = new ConnectionEnd(IngestError.Other, message, ExitCode: null, HadAudio: false);
                }

                await WaitToReconnectAsync(end, stopToken);
            }
        }
        catch (OperationCanceledException) when (stopToken.IsCancellationRequested)
        {
            var status = ChangeState(StreamState.Stopped, end: null);
            Log.Stopped(_logger, status.ReconnectCount, status.BytesReceived, status.AudioSeconds);
            _audio.Writer.TryComplete();
            throw new OperationCanceledException(
                $"Stream '{Name}' stopped.", null, cancellationToken.IsCancellationRequested ? cancellationToken : stopToken);
        }
        catch (Exception exception)
        {
            Log.IngestFailed(_logger, _redactor.Redact(exception.Message));
            ChangeState(StreamState.Stopped, end: null);
            _audio.Writer.TryComplete(exception);
            throw;
        }
    }

    private async Task<ConnectionEnd> RunConnectionAsync(CancellationToken stopToken)
    {
        stopToken.ThrowIfCancellationRequested();
        var status = BeginConnection();
        var epoch = status.Epoch;
        Log.Connecting(_logger, status.Url, epoch, status.ReconnectCount);

        IRunningProcess process;
        try
        {
            process = _processRunner.Start(_options.FfmpegPath, _arguments);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            var message = _redactor.Redact(exception.Message);
            Log.FfmpegStartFailed(_logger, _options.FfmpegPath, message);
            return new ConnectionEnd(IngestError.StartFailed, message, ExitCode: null, HadAudio: false);
        }

        await using (process)
        {
            Log.FfmpegStarted(_logger, process.Id);
            var diagnostics = new DiagnosticRecorder();
            var stderrTask = PumpStandardErrorAsync(process, diagnostics);
            using var watchdog = new NoDataWatchdog(_timeProvider, _options.NoDataTimeout);
            var audio = new ConnectionAudio(epoch);
            var stdoutTask = PumpStandardOutputAsync(process, audio, watchdog, stopToken);
            // a per-connection token, so a long-lived stream does not pile up registrations on stopToken
            using var connectionCts = CancellationTokenSource.CreateLinkedTokenSource(stopToken);
            var stopped = Task.Delay(Timeout.InfiniteTimeSpan, connectionCts.Token);

            var first = await Task.WhenAny(stdoutTask, watchdog.Fired, stopped);
            var noData = false;
            if (stopToken.IsCancellationRequested)
            {
                await TerminateAsync(process);
            }
            else if (first == watchdog.Fired)
            {
                noData = true;
                Log.NoDataTimeout(_logger, _options.NoDataTimeout.TotalSeconds);
                await TerminateAsync(process);
            }
            else if (stdoutTask.IsCompletedSuccessfully)
            {
                // ffmpeg closed stdout: it is exiting; give it the grace period before forcing it
                await WaitForExitOrTerminateAsync(process);
            }
            else
            {
                await TerminateAsync(process);
            }

            var exitCode = await process.Exited;
            Log.FfmpegExited(_logger, process.Id, exitCode);
            await ObserveAsync(stdoutTask);
            await stderrTask;
            stopToken.ThrowIfCancellationRequested();
            return DescribeEnd(exitCode, noData, diagnostics.First, audio.Received);
        }
    }

    private ConnectionEnd DescribeEnd(int exitCode, bool noData, FfmpegDiagnostic? diagnostic, bool hadAudio)
    {
        if (noData)
        {
            return new ConnectionEnd(
                IngestError.NoData, $"no audio for {_options.NoDataTimeout.TotalSeconds:0.###} s", exitCode, hadAudio);
        }

        if (exitCode == 0)
        {
            return new ConnectionEnd(
                IngestError.Disconnected, "ffmpeg exited with code 0: the stream ended or the server went away", exitCode, hadAudio);
        }

        if (diagnostic is { } d)
        {
            return new ConnectionEnd(d.Error, d.Line, exitCode, hadAudio);
        }

        return new ConnectionEnd(IngestError.ExitedWithError, $"ffmpeg exited with code {exitCode}", exitCode, hadAudio);
    }

    private async Task WaitToReconnectAsync(ConnectionEnd end, CancellationToken stopToken)
    {
        // The delay starts when ffmpeg has ended, before anything that could wait on the consumer.
        var endedAt = _timeProvider.GetUtcNow();
        var delay = Task.Delay(_options.ReconnectDelay, _timeProvider, stopToken);
        var status = ChangeState(StreamState.Reconnecting, end, endedAt);
        Log.Reconnecting(
            _logger, _options.ReconnectDelay.TotalSeconds, end.Error, end.Message,
            status.ReconnectCount, status.BytesReceived, status.AudioSeconds);
        if (end.HadAudio)
        {
            await _audio.Writer.WriteAsync(AudioChunk.EndOfConnection(status.Epoch), stopToken);
        }

        await delay;
    }

    private async Task PumpStandardOutputAsync(
        IRunningProcess process, ConnectionAudio audio, NoDataWatchdog watchdog, CancellationToken stopToken)
    {
        var stdout = process.StandardOutput;
        while (true)
        {
            var buffer = new byte[ChunkSize];
            int read;
            watchdog.Arm();
            try
            {
                read = await stdout.ReadAtLeastAsync(buffer, ChunkSize, throwOnEndOfStream: false, stopToken);
            }
            finally
            {
                watchdog.Disarm();
            }

            // ffmpeg writes whole samples; only a torn end could leave an odd byte
            var length = read - (read % AudioChunk.BytesPerSample);
            if (length > 0)
            {
                AddBytes(length);
                if (!audio.Received)
                {
                    audio.Received = true;
                    ChangeState(StreamState.Transcribing, end: null);
                    Log.Transcribing(_logger, audio.Epoch);
                }

                await _audio.Writer.WriteAsync(new AudioChunk(buffer.AsMemory(0, length), audio.Epoch), stopToken);
            }

            if (read < ChunkSize)
            {
                return;
            }
        }
    }

    private async Task PumpStandardErrorAsync(IRunningProcess process, DiagnosticRecorder diagnostics)
    {
        await foreach (var rawLine in process.StandardErrorLines.ReadAllAsync())
        {
            if (rawLine.Length == 0)
            {
                continue;
            }

            // ffmpeg prints a progress line twice a second: redact only what is kept or logged
            if (FfmpegStderrClassifier.Classify(rawLine) is { } error)
            {
                var line = _redactor.Redact(rawLine.TrimEnd());
                diagnostics.Add(new FfmpegDiagnostic(error, line));
                Log.FfmpegError(_logger, error, line);
            }
            else if (_logger.IsEnabled(LogLevel.Debug))
            {
                Log.FfmpegOutput(_logger, _redactor.Redact(rawLine.TrimEnd()));
            }
        }
    }

    private async Task WaitForExitOrTerminateAsync(IRunningProcess process)
    {
        using var graceCts = new CancellationTokenSource();
        var grace = Task.Delay(_options.StopGracePeriod, _timeProvider, graceCts.Token);
        if (await Task.WhenAny(process.Exited, grace) != process.Exited)
        {
            await TerminateAsync(process);
        }

        await graceCts.CancelAsync();
    }

    /// <summary>SIGTERM, then SIGKILL if ffmpeg is still there after the grace period. Never leaves it running.</summary>
    private async Task TerminateAsync(IRunningProcess process)
    {
        if (process.Exited.IsCompleted)
        {
            return;
        }

        using var graceCts = new CancellationTokenSource();
        // the grace timer exists before the signal, so a fake clock cannot skip past it
        var grace = Task.Delay(_options.StopGracePeriod, _timeProvider, graceCts.Token);
        Log.TerminatingFfmpeg(_logger, process.Id);
        process.Terminate();
        if (await Task.WhenAny(process.Exited, grace) != process.Exited)
        {
            Log.KillingFfmpeg(_logger, process.Id, _options.StopGracePeriod.TotalSeconds);
            process.Kill();
        }

        await graceCts.CancelAsync();
        await process.Exited;
    }

    private static async Task ObserveAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            // the pipe broke because ffmpeg was killed
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private StreamStatus BeginConnection()
    {
        StreamStatus previous;
        StreamStatus current;
        lock (_statusLock)
        {
            previous = _status;
            current = _status with
            {
                State = StreamState.Connecting,
                Since = _timeProvider.GetUtcNow(),
                Epoch = previous.Epoch + 1,
                ReconnectCount = previous.Epoch == 0 ? 0 : previous.ReconnectCount + 1,
            };
            _status = current;
        }

        RaiseStatusChanged(new StreamStatusChange(previous.State, current, End: null));
        return current;
    }

    private StreamStatus ChangeState(StreamState state, ConnectionEnd? end, DateTimeOffset? since = null)
    {
        StreamStatus previous;
        StreamStatus current;
        lock (_statusLock)
        {
            previous = _status;
            current = _status with { State = state, Since = since ?? _timeProvider.GetUtcNow() };
            if (end is { } e)
            {
                current = current with { LastError = e.Error, LastErrorMessage = e.Message, LastErrorAt = current.Since };
            }

            _status = current;
        }

        RaiseStatusChanged(new StreamStatusChange(previous.State, current, end));
        return current;
    }

    private void AddBytes(int count)
    {
        lock (_statusLock)
        {
            _status = _status with { BytesReceived = _status.BytesReceived + count };
        }
    }

    private void RaiseStatusChanged(StreamStatusChange change)
    {
        try
        {
            StatusChanged?.Invoke(change);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.StatusHandlerFailed(_logger, exception);
        }
    }

    /// <summary>What one connection has delivered so far.</summary>
    private sealed class ConnectionAudio(int epoch)
    {
        public int Epoch { get; } = epoch;

        public bool Received { get; set; }
    }

    /// <summary>Keeps the first specific ffmpeg error of a run (a generic one only if nothing better came).</summary>
    private sealed class DiagnosticRecorder
    {
        public FfmpegDiagnostic? First { get; private set; }

        public void Add(FfmpegDiagnostic diagnostic)
        {
            if (First is null || (First.Value.Error == IngestError.Other && diagnostic.Error != IngestError.Other))
            {
                First = diagnostic;
            }
        }
    }
}
