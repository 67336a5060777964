using System.Threading.Channels;
using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Protocol;
using Eavesdrop.Server.Inference;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Sessions;

/// <summary>
/// One source's transcription state and the streaming policy, the same for WebSocket, RTSP and
/// file sources: it buffers audio, gates it with the VAD (silence never reaches the engine),
/// decides when a window goes to the shared engine, turns results into completed segments plus
/// one tail, and handles recording epochs, flush and cancel.
/// </summary>
/// <remarks>
/// Producers (a socket's receive loop, an RTSP worker) post commands; one loop
/// (<see cref="RunAsync"/>) processes them in order, so the policy needs no locks. Audio posting
/// waits when the loop falls behind, which pushes back on the socket or ffmpeg pipe instead of
/// growing memory.
/// </remarks>
internal sealed partial class TranscriptionSession : IAsyncDisposable
{
    private const int SampleRate = TranscriptionRequest.SampleRate;
    private const int PromptChars = 200;

    private readonly SessionSettings _settings;
    private readonly InferenceScheduler _scheduler;
    private readonly ISessionSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<SessionCommand> _commands = Channel.CreateBounded<SessionCommand>(
        new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly AudioWindowBuffer _buffer = new();
    private readonly SpeechTracker _speech;
    private readonly CompletedSegmentHistory _history;
    private readonly long _minChunkSamples;
    private readonly long _maxWindowSamples;
    private readonly long _completionSilenceSamples;
    private readonly long _padSamples;

    private long _committed;
    private long _lastInferenceEnd;
    private long _lastInferenceAt;
    private SessionSegment? _tail;
    private string? _recordingId;
    private string? _language;
    private bool _languageAnnounced;
    private int _generation;
    private int _flushPending;
    private CancellationTokenSource? _inFlight;

    public TranscriptionSession(
        string sessionId,
        SessionSettings settings,
        InferenceScheduler scheduler,
        IVoiceActivityDetector? vad,
        ISessionSink sink,
        TimeProvider time,
        ILogger logger)
    {
        SessionId = sessionId;
        _settings = settings;
        _scheduler = scheduler;
        _sink = sink;
        _time = time;
        _logger = logger;
        _speech = new SpeechTracker(vad, settings.VadThreshold);
        _history = new CompletedSegmentHistory(settings.SendLastNSegments);
        var streaming = settings.Streaming;
        _minChunkSamples = (long)(streaming.MinChunkSeconds * SampleRate);
        _maxWindowSamples = (long)(Math.Min(streaming.MaxWindowSeconds, scheduler.Engine.Capabilities.MaxWindowSeconds) * SampleRate);
        _completionSilenceSamples = (long)(streaming.CompletionSilenceSeconds * SampleRate);
        _padSamples = (long)(settings.SpeechPadSeconds * SampleRate);
        _lastInferenceAt = time.GetTimestamp();
    }

    public string SessionId { get; }

    /// <summary>Samples received since the current recording epoch started.</summary>
    public long SamplesReceived => _buffer.End;

    /// <summary>Windows sent to the engine so far (statistics, tests).</summary>
    public int InferenceCount { get; private set; }

    /// <summary>Samples that were skipped as silence without reaching the engine (statistics, tests).</summary>
    public long SilenceSkippedSamples { get; private set; }

    public ValueTask StartRecordingAsync(string? recordingId, CancellationToken cancellationToken = default) =>
        _commands.Writer.WriteAsync(new SessionCommand.StartRecording(recordingId), cancellationToken);

    public ValueTask AppendAudioAsync(float[] samples, CancellationToken cancellationToken = default) =>
        _commands.Writer.WriteAsync(new SessionCommand.Audio(samples), cancellationToken);

    /// <summary>Queues a flush; false (and nothing queued) when another flush is still pending.</summary>
    public async ValueTask<bool> TryFlushAsync(string? recordingId, bool forceComplete, CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _flushPending, 1, 0) != 0)
        {
            return false;
        }

        await _commands.Writer.WriteAsync(new SessionCommand.Flush(recordingId, forceComplete), cancellationToken);
        return true;
    }

    /// <summary>
    /// Drops the unprocessed tail. Takes effect at once for results in flight (they are discarded);
    /// the buffered audio is dropped when the loop reaches the command.
    /// </summary>
    public ValueTask CancelUtteranceAsync(string? recordingId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _generation);
        CancelInFlight();
        return _commands.Writer.WriteAsync(new SessionCommand.Cancel(recordingId), cancellationToken);
    }

    /// <summary>End of the source: transcribe what is left (an implicit flush), then the loop ends.</summary>
    public async ValueTask EndOfAudioAsync(CancellationToken cancellationToken = default)
    {
        await _commands.Writer.WriteAsync(new SessionCommand.EndOfAudio(), cancellationToken);
        _commands.Writer.TryComplete();
    }

    /// <summary>Processes commands until end of audio or cancellation.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _commands.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                // Take everything already queued before deciding on inference, so a burst of small
                // frames becomes one window rather than one inference per frame.
                while (reader.TryRead(out var command))
                {
                    if (!await HandleAsync(command, cancellationToken))
                    {
                        return;
                    }
                }

                await AdvanceAsync(cancellationToken);
            }
        }
        finally
        {
            _commands.Writer.TryComplete();
        }
    }

    private async ValueTask<bool> HandleAsync(SessionCommand command, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case SessionCommand.Audio audio:
                _buffer.Append(audio.Samples);
                _speech.Process(audio.Samples);
                return true;

            case SessionCommand.StartRecording start:
                StartEpoch(start.RecordingId);
                return true;

            case SessionCommand.Flush flush:
                try
                {
                    await FinishAsync(flush.ForceComplete, cancellationToken);
                    await PublishAsync([], flushComplete: true, cancellationToken);
                }
                finally
                {
                    Volatile.Write(ref _flushPending, 0);
                }

                return true;

            case SessionCommand.Cancel:
                DropUnprocessed();
                Log.UtteranceCancelled(_logger);
                await PublishAsync([], flushComplete: false, cancellationToken);
                return true;

            case SessionCommand.EndOfAudio:
                await FinishAsync(forceComplete: true, cancellationToken);
                return false;

            default:
                throw new InvalidOperationException($"Unknown session command {command.GetType().Name}.");
        }
    }

    private void StartEpoch(string? recordingId)
    {
        CancelInFlight();
        Interlocked.Increment(ref _generation);
        _recordingId = recordingId;
        _buffer.Reset();
        _speech.Reset(0);
        _history.Restart();
        _committed = 0;
        _lastInferenceEnd = 0;
        _tail = null;
        _languageAnnounced = false;
        Log.RecordingStarted(_logger, recordingId);
    }

    private void DropUnprocessed()
    {
        _committed = _buffer.End;
        _buffer.DiscardBefore(_committed);
        _speech.Reset(_committed);
        _history.Restart();
        _tail = null;
    }

    /// <summary>The streaming policy: decide what, if anything, goes to the engine now.</summary>
    private async Task AdvanceAsync(CancellationToken cancellationToken)
    {
        while (_buffer.End > _committed)
        {
            if (!_speech.HasSpeechAfter(_committed))
            {
                SkipSilence();
                return;
            }

            // A full window goes first, so no window is ever longer than the engine's maximum
            // (audio that arrives in a burst — a file, a fast client — can hold several utterances).
            if (_buffer.End - _committed >= _maxWindowSamples)
            {
                await TranscribeWindowAsync(_committed, _committed + _maxWindowSamples, completeAll: false, cancellationToken);
                continue;
            }

            var silenceAfterSpeech = _buffer.End - _speech.LastSpeechEnd;
            if (silenceAfterSpeech >= _completionSilenceSamples)
            {
                // The speaker paused: everything up to the pause is final.
                var end = Math.Min(_speech.LastSpeechEnd + _padSamples, _buffer.End);
                await TranscribeWindowAsync(_committed, end, completeAll: true, cancellationToken);
                continue;
            }

            if (_settings.Mode == SourceMode.Live && IsLiveUpdateDue())
            {
                await TranscribeWindowAsync(_committed, _buffer.End, completeAll: false, cancellationToken);
            }

            return;
        }
    }

    /// <summary>
    /// An interim update of the open tail. These are shed while other windows wait for the engine:
    /// final results (pause, full window, flush, end) are never shed, so under load the text still
    /// completes on time and only the live preview of the tail gets sparser.
    /// </summary>
    private bool IsLiveUpdateDue() =>
        _buffer.End - _lastInferenceEnd >= _minChunkSamples
        && _time.GetElapsedTime(_lastInferenceAt).TotalSeconds >= _settings.Streaming.IntervalSeconds
        && _scheduler.QueueLength == 0;

    private void SkipSilence()
    {
        // Keep a little audio before any future speech onset so first words are not clipped.
        var keepFrom = Math.Max(_committed, _buffer.End - _padSamples);
        if (keepFrom > _committed)
        {
            SilenceSkippedSamples += keepFrom - _committed;
            _committed = keepFrom;
            _buffer.DiscardBefore(_committed);
            _tail = null;
        }
    }

    /// <summary>Transcribes everything received (flush / end of audio).</summary>
    private async Task FinishAsync(bool forceComplete, CancellationToken cancellationToken)
    {
        if (_buffer.End <= _committed)
        {
            return;
        }

        if (!_speech.HasSpeechAfter(_committed))
        {
            SilenceSkippedSamples += _buffer.End - _committed;
            _committed = _buffer.End;
            _buffer.DiscardBefore(_committed);
            _tail = null;
            return;
        }

        while (_buffer.End > _committed)
        {
            var end = Math.Min(_buffer.End, _committed + _maxWindowSamples);
            var isLast = end == _buffer.End;
            var before = _committed;
            await TranscribeWindowAsync(_committed, end, completeAll: isLast && forceComplete, cancellationToken);
            if (isLast || _committed == before)
            {
                break;
            }
        }
    }

    private async Task TranscribeWindowAsync(long from, long to, bool completeAll, CancellationToken cancellationToken)
    {
        var generation = Volatile.Read(ref _generation);
        var audio = _buffer.Copy(from, to);
        var decoding = _settings.Decoding;
        if (_history.TotalCompleted > 0)
        {
            decoding = decoding with { PreviousText = _history.RecentText(PromptChars) };
        }

        using var inFlight = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Volatile.Write(ref _inFlight, inFlight);
        TranscriptionResult result;
        try
        {
            InferenceCount++;
            _lastInferenceAt = _time.GetTimestamp();
            _lastInferenceEnd = to;
            result = await _scheduler.TranscribeAsync(new TranscriptionRequest(audio, decoding), inFlight.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return; // the utterance was cancelled while in flight: its result is dropped
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // An engine fault costs this window, not the session: say so and go on.
            Log.WindowFailed(_logger, (double)from / SampleRate, (double)to / SampleRate, ex);
            _committed = Math.Max(_committed, to);
            _buffer.DiscardBefore(_committed);
            _tail = null;
            await _sink.OnErrorAsync($"Transcription of {(double)from / SampleRate:0.00}–{(double)to / SampleRate:0.00} s failed: {ex.Message}", cancellationToken);
            return;
        }
        finally
        {
            Interlocked.CompareExchange(ref _inFlight, null, inFlight);
        }

        if (generation != Volatile.Read(ref _generation))
        {
            return;
        }

        await ApplyAsync(result, from, to, completeAll, cancellationToken);
    }

    private async Task ApplyAsync(TranscriptionResult result, long from, long to, bool completeAll, CancellationToken cancellationToken)
    {
        if (result.Language is { } language && result.LanguageProbability is { } probability && !_languageAnnounced)
        {
            _languageAnnounced = true;
            _language = language;
            await _sink.OnLanguageDetectedAsync(language, probability, cancellationToken);
        }
        else if (result.Language is not null)
        {
            _language = result.Language;
        }

        var offsetSeconds = (double)from / SampleRate;
        var windowSeek = (int)(from / 160);
        var segments = result.Segments
            .Where(s => !string.IsNullOrWhiteSpace(s.Text))
            .Select(s => ToSessionSegment(s, offsetSeconds, windowSeek, to))
            .ToList();

        // All but the last segment are final (their audio is behind us); the last one is the tail
        // unless the window is closed (pause, flush, end), or the window is full and nothing else
        // would complete (guarantees progress and bounded memory).
        var windowFull = !completeAll && to - from >= _maxWindowSamples;
        var completeCount = completeAll || (windowFull && segments.Count <= 1) ? segments.Count : Math.Max(0, segments.Count - 1);
        var newlyCompleted = new List<SessionSegment>(completeCount);
        for (var i = 0; i < completeCount; i++)
        {
            newlyCompleted.Add(_history.Complete(segments[i]));
        }

        if (completeAll || (windowFull && completeCount == segments.Count))
        {
            _committed = to;
            _tail = null;
        }
        else if (completeCount > 0)
        {
            var lastEnd = (long)Math.Round(segments[completeCount - 1].End * SampleRate);
            _committed = Math.Clamp(lastEnd, _committed, to);
            _tail = segments[^1];
        }
        else
        {
            _tail = segments.Count > 0 ? segments[^1] : null;
        }

        _buffer.DiscardBefore(_committed);
        foreach (var segment in newlyCompleted)
        {
            Log.SegmentCompleted(_logger, segment.Start, segment.End, segment.Text);
        }

        await PublishAsync(newlyCompleted, flushComplete: false, cancellationToken);
    }

    private static SessionSegment ToSessionSegment(EngineSegment segment, double offsetSeconds, int windowSeek, long windowEnd)
    {
        var maxEnd = (double)windowEnd / SampleRate;
        var start = Math.Min(offsetSeconds + segment.Start, maxEnd);
        var end = Math.Clamp(offsetSeconds + segment.End, start, maxEnd);
        return new SessionSegment
        {
            Id = SegmentIdChain.BaselineId,
            Seek = windowSeek + segment.Seek,
            Start = start,
            End = end,
            Text = segment.Text.Trim(),
            Tokens = segment.Tokens,
            AvgLogProb = segment.AvgLogProb,
            CompressionRatio = segment.CompressionRatio,
            Temperature = segment.Temperature,
            Words = segment.Words?.Select(w => w with { Start = w.Start + offsetSeconds, End = w.End + offsetSeconds }).ToList(),
            Completed = false,
        };
    }

    private ValueTask PublishAsync(IReadOnlyList<SessionSegment> newlyCompleted, bool flushComplete, CancellationToken cancellationToken)
    {
        var now = (double)_buffer.End / SampleRate;
        var tail = _tail ?? new SessionSegment
        {
            Id = SegmentIdChain.BaselineId,
            Seek = (int)(_buffer.End / 160),
            Start = now,
            End = now,
            Text = string.Empty,
            Completed = false,
        };
        var window = new List<SessionSegment>(_history.Recent) { tail };
        return _sink.OnTranscriptionAsync(
            new SessionTranscription(window, newlyCompleted, _language, _recordingId, flushComplete),
            cancellationToken);
    }

    private void CancelInFlight()
    {
        var inFlight = Volatile.Read(ref _inFlight);
        try
        {
            inFlight?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the window finished between the read and the cancel
        }
    }

    public ValueTask DisposeAsync()
    {
        _commands.Writer.TryComplete();
        CancelInFlight();
        _speech.Dispose();
        return ValueTask.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2000, EventName = "RecordingStarted", Level = LogLevel.Debug,
            Message = "Recording {RecordingId} started")]
        public static partial void RecordingStarted(ILogger logger, string? recordingId);

        [LoggerMessage(EventId = 2001, EventName = "UtteranceCancelled", Level = LogLevel.Debug,
            Message = "Utterance cancelled; unprocessed audio dropped")]
        public static partial void UtteranceCancelled(ILogger logger);

        [LoggerMessage(EventId = 2002, EventName = "SegmentCompleted", Level = LogLevel.Debug,
            Message = "Segment completed [{Start:0.00}s → {End:0.00}s]: {Text}")]
        public static partial void SegmentCompleted(ILogger logger, double start, double end, string text);

        [LoggerMessage(EventId = 2003, EventName = "WindowFailed", Level = LogLevel.Error,
            Message = "Transcription of {Start:0.00}–{End:0.00} s failed; the session continues")]
        public static partial void WindowFailed(ILogger logger, double start, double end, Exception exception);
    }
}
