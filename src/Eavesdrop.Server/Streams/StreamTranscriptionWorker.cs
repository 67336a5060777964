using System.Text.Json;
using System.Threading.Channels;
using Eavesdrop.Protocol;
using Eavesdrop.Server.Ingest;
using Eavesdrop.Server.Sessions;
using Eavesdrop.Server.Transport;
using Microsoft.Extensions.Logging;
using WireStatus = Eavesdrop.Protocol.StreamStatus;

namespace Eavesdrop.Server.Streams;

/// <summary>
/// Transcribes one RTSP stream (issue 4, Milestone 3): drains the client's audio channel into a
/// <see cref="TranscriptionSession"/> per connection epoch (a new epoch starts a new recording, so
/// timestamps restart at 0 and the id chain restarts; an end-of-connection marker flushes the
/// epoch's tail), with inference on the shared engine through the <c>InferenceScheduler</c>, and
/// publishes results and <c>stream_status</c> changes to the stream's hub.
/// </summary>
/// <remarks>
/// <para><c>offline</c>/<c>error</c> are published as soon as the client reports the end of a
/// connection (<see cref="OnStatusChanged"/>). <c>online</c> is published when the worker takes the
/// first chunk of a new connection, after the previous connection's tail was flushed, so for a
/// subscriber <c>online</c> always marks the start of a new id chain.</para>
/// <para>Audio is handed on with back-pressure: if the engine cannot keep up, the client's channel
/// fills and ffmpeg waits (and, past the no-data timeout, is restarted).</para>
/// </remarks>
internal sealed partial class StreamTranscriptionWorker
{
    private readonly string _name;
    private readonly ChannelReader<AudioChunk> _audio;
    private readonly Func<Ingest.StreamStatus> _currentStatus;
    private readonly StreamHub _hub;
    private readonly SessionServices _services;
    private readonly SessionSettings _settings;
    private readonly ILogger _logger;

    public StreamTranscriptionWorker(
        string name,
        ChannelReader<AudioChunk> audio,
        Func<Ingest.StreamStatus> currentStatus,
        StreamHub hub,
        SessionServices services,
        ILogger logger)
    {
        _name = name;
        _audio = audio;
        _currentStatus = currentStatus;
        _hub = hub;
        _services = services;
        _settings = services.SettingsResolver.ForStream();
        _logger = logger;
    }

    /// <summary>Windows sent to the engine over all epochs (statistics, tests).</summary>
    public int InferenceCount { get; private set; }

    /// <summary>
    /// Runs until the audio channel completes (the client stopped; the open epoch is flushed first)
    /// or <paramref name="cancellationToken"/> fires (in-flight inference is cancelled).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var scope = _logger.BeginScope(new StreamLogScope(_name));
        EpochSession? current = null;
        try
        {
            await foreach (var chunk in _audio.ReadAllAsync(cancellationToken))
            {
                if (current is not null && (current.Epoch != chunk.Epoch || chunk.IsEndOfConnection))
                {
                    var finishing = current;
                    current = null;
                    await FinishAsync(finishing, cancellationToken);
                }

                if (chunk.IsEndOfConnection || chunk.Pcm.IsEmpty)
                {
                    continue;
                }

                if (current is null || current.Loop.IsCompleted)
                {
                    if (current is not null)
                    {
                        await AbandonAsync(current);
                    }

                    current = await StartAsync(chunk.Epoch, cancellationToken);
                }

                try
                {
                    await current.Session.AppendAudioAsync(chunk.ToSamples(), cancellationToken);
                }
                catch (ChannelClosedException)
                {
                    // the session loop ended unexpectedly; the next chunk starts a fresh one
                }
            }

            if (current is not null)
            {
                var finishing = current;
                current = null;
                await FinishAsync(finishing, cancellationToken);
            }
        }
        finally
        {
            if (current is not null)
            {
                await AbandonAsync(current);
            }
        }
    }

    /// <summary>Wire this to <see cref="RtspClient.StatusChanged"/>: publishes <c>offline</c>/<c>error</c> when a connection ends.</summary>
    public void OnStatusChanged(StreamStatusChange change)
    {
        if (change.Current.State != StreamState.Reconnecting || change.End is not { } end)
        {
            return;
        }

        var status = change.WentOffline || !NeedsOperator(end.Error) ? WireStatus.Offline : WireStatus.Error;
        var message = $"{JsonNamingPolicy.SnakeCaseLower.ConvertName(end.Error.ToString())}: {end.Message}";
        var latest = _hub.LatestStatus;
        if (change.WentOffline || latest is null || latest.Status != status || latest.Message != message)
        {
            _hub.PublishStatus(new StreamStatusMessage { Stream = _name, Status = status, Message = message });
        }
    }

    /// <summary>Faults that retrying will not fix without someone changing the camera or the configuration.</summary>
    private static bool NeedsOperator(IngestError error) => error is IngestError.NotFound or IngestError.Unauthorized
        or IngestError.NoAudioStream or IngestError.HostNotFound or IngestError.StartFailed or IngestError.UnsupportedTransport;

    private async Task<EpochSession> StartAsync(int epoch, CancellationToken cancellationToken)
    {
        var session = new TranscriptionSession(
            $"{_name}#{epoch}",
            _settings,
            _services.Scheduler,
            _services.Options.Vad.Enabled ? _services.Vad : null,
            new StreamSessionSink(_hub, epoch, _logger),
            _services.Time,
            _logger);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loop = session.RunAsync(stop.Token);
        await session.StartRecordingAsync($"{_name}-{epoch}", cancellationToken);
        Log.EpochStarted(_logger, epoch);

        // online only if that connection is still the live one (the worker may be behind the client)
        var status = _currentStatus();
        if (status.Epoch == epoch && status.State == StreamState.Transcribing)
        {
            _hub.PublishStatus(new StreamStatusMessage { Stream = _name, Status = WireStatus.Online });
        }

        return new EpochSession(epoch, session, loop, stop);
    }

    private async Task FinishAsync(EpochSession epoch, CancellationToken cancellationToken)
    {
        try
        {
            await epoch.Session.EndOfAudioAsync(cancellationToken);
            await epoch.Loop.WaitAsync(cancellationToken);
            Log.EpochFinished(_logger, epoch.Epoch, epoch.Session.SamplesReceived / 16000.0, epoch.Session.InferenceCount);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            Log.WorkerFailed(_logger, epoch.Epoch, exception);
        }
        finally
        {
            await AbandonAsync(epoch);
        }
    }

    /// <summary>Cancels what is left of an epoch (in-flight inference included) and waits for its loop.</summary>
    private async Task AbandonAsync(EpochSession epoch)
    {
        InferenceCount += epoch.Session.InferenceCount;
        await epoch.Stop.CancelAsync();
        try
        {
            await epoch.Loop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.WorkerFailed(_logger, epoch.Epoch, exception);
        }

        await epoch.Session.DisposeAsync();
        epoch.Stop.Dispose();
    }

    private sealed record EpochSession(int Epoch, TranscriptionSession Session, Task Loop, CancellationTokenSource Stop);

    private static partial class Log
    {
        [LoggerMessage(StreamEventIds.EpochStarted, LogLevel.Debug,
            "Transcription of connection {Epoch} started", EventName = "StreamEpochStarted")]
        public static partial void EpochStarted(ILogger logger, int epoch);

        [LoggerMessage(StreamEventIds.EpochFinished, LogLevel.Information,
            "Transcription of connection {Epoch} finished: {AudioSeconds:0.0} s of audio, {Inferences} inference(s)", EventName = "StreamEpochFinished")]
        public static partial void EpochFinished(ILogger logger, int epoch, double audioSeconds, int inferences);

        [LoggerMessage(StreamEventIds.WorkerFailed, LogLevel.Error,
            "Transcription of connection {Epoch} failed; the stream goes on", EventName = "StreamWorkerFailed")]
        public static partial void WorkerFailed(ILogger logger, int epoch, Exception exception);
    }
}
