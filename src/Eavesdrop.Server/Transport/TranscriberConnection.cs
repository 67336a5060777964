using System.Net.WebSockets;
using System.Threading.Channels;
using Eavesdrop.Protocol;
using Eavesdrop.Server.Ingest;
using Eavesdrop.Server.Sessions;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Transport;

/// <summary>
/// One transcriber client (PROTOCOL.md "Live transcriber session" and "File session"): setup,
/// then audio and control messages into its <see cref="TranscriptionSession"/>, results back out.
/// Every malformed input gets an <c>error</c>; only fatal ones close the socket.
/// </summary>
internal sealed partial class TranscriberConnection
{
    private readonly WebSocketConnection _connection;
    private readonly SessionServices _services;
    private readonly string _sessionId;
    private readonly ILogger _logger;
    private readonly CancellationToken _shutdown;
    private string _stream = string.Empty;
    private bool _recordingStarted;

    public TranscriberConnection(WebSocketConnection connection, SessionServices services, string sessionId, ILogger logger, CancellationToken shutdown)
    {
        _connection = connection;
        _services = services;
        _sessionId = sessionId;
        _logger = logger;
        _shutdown = shutdown;
    }

    public async Task RunAsync(CancellationToken connectionAborted)
    {
        using var receiveStop = CancellationTokenSource.CreateLinkedTokenSource(connectionAborted);
        var frames = Channel.CreateBounded<ReceivedFrame>(new BoundedChannelOptions(32) { SingleReader = true, SingleWriter = true });
        var receiveLoop = ReceiveLoopAsync(frames.Writer, receiveStop.Token);
        try
        {
            await ServeAsync(frames.Reader, connectionAborted);
        }
        finally
        {
            // Give the client time to answer our close frame: aborting the socket now would send
            // a TCP reset, which can destroy messages (the final transcription, disconnect) that
            // the client has not read yet.
            var drain = DrainAsync(frames.Reader);
            if (await Task.WhenAny(receiveLoop, Task.Delay(WebSocketConnection.CloseReplyTimeout, _services.Time, connectionAborted)) != receiveLoop)
            {
                await receiveStop.CancelAsync();
            }

            await receiveLoop;
            await drain;
        }
    }

    private static async Task DrainAsync(ChannelReader<ReceivedFrame> frames)
    {
        while (await frames.WaitToReadAsync())
        {
            while (frames.TryRead(out _))
            {
            }
        }
    }

    /// <summary>Reads whole messages into a bounded queue: a slow session pushes back on the socket.</summary>
    private async Task ReceiveLoopAsync(ChannelWriter<ReceivedFrame> frames, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var frame = await _connection.ReceiveAsync(cancellationToken);
                var owned = frame.Kind == ReceivedFrameKind.Message ? frame with { Payload = frame.Payload.ToArray() } : frame;
                await frames.WriteAsync(owned, cancellationToken);
                if (frame.Kind != ReceivedFrameKind.Message)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or ChannelClosedException)
        {
            // The client vanished or the session ended; the serving loop sees the channel complete.
        }
        finally
        {
            frames.TryComplete();
        }
    }

    private async Task ServeAsync(ChannelReader<ReceivedFrame> frames, CancellationToken connectionAborted)
    {
        var setup = await AwaitSetupAsync(frames, connectionAborted);
        if (setup is null)
        {
            return;
        }

        var (message, settings) = setup.Value;
        _stream = message.Stream;
        Log.SessionStarted(_logger, _stream, settings.Mode, _services.Engine.Name);
        var sink = new WebSocketSessionSink(_connection, _stream);
        await using var session = new TranscriptionSession(
            _sessionId, settings, _services.Scheduler, _services.Options.Vad.Enabled ? _services.Vad : null, sink, _services.Time, _logger);

        using var sessionStop = CancellationTokenSource.CreateLinkedTokenSource(connectionAborted);
        var sessionLoop = session.RunAsync(sessionStop.Token);
        await _connection.SendAsync(new ServerReadyMessage { Stream = _stream, Backend = _services.Engine.Name }, connectionAborted);

        FileAudioDecoder? fileDecoder = null;
        if (settings.Mode == SourceMode.File)
        {
            fileDecoder = new FileAudioDecoder(_services.Options.Rtsp.FfmpegPath, session, _logger);
            await session.StartRecordingAsync(null, connectionAborted);
            _recordingStarted = true;
        }

        var outcome = SessionOutcome.ClientVanished;
        try
        {
            outcome = await PumpAsync(frames, session, fileDecoder, connectionAborted);
        }
        finally
        {
            await FinishAsync(session, sessionLoop, sessionStop, fileDecoder, outcome, connectionAborted);
        }
    }

    private async Task<(SetupMessage Message, SessionSettings Settings)?> AwaitSetupAsync(ChannelReader<ReceivedFrame> frames, CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = await NextFrameAsync(frames, cancellationToken);
            if (next.Outcome is { } ended)
            {
                await EndBeforeSetupAsync(ended, cancellationToken);
                return null;
            }

            var frame = next.Frame;
            if (frame.Kind == ReceivedFrameKind.TooLarge)
            {
                await FailAsync($"Message of {frame.Length} bytes exceeds the maximum frame size of {_services.Options.Server.MaxFrameBytes} bytes.", WebSocketCloseStatus.MessageTooBig, cancellationToken);
                return null;
            }

            if (frame.MessageType == WebSocketMessageType.Binary)
            {
                await SendErrorAsync("Binary frame before setup: send a 'setup' message first.", cancellationToken);
                continue;
            }

            if (!ProtocolCodec.TryParse(frame.Payload.Span, out var message, out var parseError))
            {
                await SendErrorAsync(parseError!, cancellationToken);
                continue;
            }

            switch (message)
            {
                case SetupMessage setup:
                    if (!_services.SettingsResolver.TryResolve(setup.Options, out var settings, out var error))
                    {
                        _stream = setup.Stream;
                        await FailAsync(error!, WebSocketCloseStatus.PolicyViolation, cancellationToken);
                        return null;
                    }

                    return (setup, settings);
                case HealthCheckMessage:
                    await _connection.SendAsync(new HealthCheckMessage(), cancellationToken);
                    continue;
                default:
                    await SendErrorAsync($"Expected 'setup' first, got '{message!.Type}'.", cancellationToken);
                    continue;
            }
        }
    }

    private async Task<SessionOutcome> PumpAsync(ChannelReader<ReceivedFrame> frames, TranscriptionSession session, FileAudioDecoder? fileDecoder, CancellationToken cancellationToken)
    {
        var maxLength = _services.Options.Server.MaxSessionLength;
        var startedAt = _services.Time.GetTimestamp();
        while (true)
        {
            if (maxLength is { } limit && _services.Time.GetElapsedTime(startedAt) > limit)
            {
                return SessionOutcome.SessionTooLong;
            }

            var next = await NextFrameAsync(frames, cancellationToken);
            if (next.Outcome is { } ended)
            {
                return ended;
            }

            var frame = next.Frame;
            if (frame.Kind == ReceivedFrameKind.TooLarge)
            {
                await SendErrorAsync($"Message of {frame.Length} bytes exceeds the maximum frame size of {_services.Options.Server.MaxFrameBytes} bytes.", cancellationToken);
                return SessionOutcome.FrameTooLarge;
            }

            if (frame.MessageType == WebSocketMessageType.Binary)
            {
                if (AudioFrames.IsEndOfAudio(frame.Payload.Span))
                {
                    return SessionOutcome.EndOfAudio;
                }

                if (fileDecoder is not null)
                {
                    await fileDecoder.WriteAsync(frame.Payload, cancellationToken);
                    continue;
                }

                await AcceptAudioAsync(session, frame.Payload, cancellationToken);
                continue;
            }

            if (!ProtocolCodec.TryParse(frame.Payload.Span, out var message, out var parseError))
            {
                await SendErrorAsync(parseError!, cancellationToken);
                continue;
            }

            await DispatchAsync(message!, session, cancellationToken);
        }
    }

    private async Task AcceptAudioAsync(TranscriptionSession session, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!_recordingStarted)
        {
            await SendErrorAsync("Audio before 'control_recording_started': frame dropped. Send control_recording_started first.", cancellationToken);
            return;
        }

        if (payload.Length % sizeof(float) != 0)
        {
            await SendErrorAsync($"Binary frame of {payload.Length} bytes is not a whole number of float32 samples (4 bytes each): frame dropped.", cancellationToken);
            return;
        }

        var samples = new float[payload.Length / sizeof(float)];
        if (!AudioFrames.TryReadSamples(payload.Span, samples, out _))
        {
            await SendErrorAsync("Binary frame could not be read as float32 samples: frame dropped.", cancellationToken);
            return;
        }

        await session.AppendAudioAsync(samples, cancellationToken);
    }

    private async Task DispatchAsync(ProtocolMessage message, TranscriptionSession session, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case ControlRecordingStartedMessage started:
                if (started.SampleRateHz != ProtocolConstants.SampleRateHz)
                {
                    await SendErrorAsync($"sample_rate_hz must be {ProtocolConstants.SampleRateHz}, got {started.SampleRateHz}: resample to 16 kHz mono float32.", cancellationToken);
                    return;
                }

                _recordingStarted = true;
                await session.StartRecordingAsync(started.RecordingId, cancellationToken);
                return;

            case ControlFlushMessage flush:
                if (!await session.TryFlushAsync(flush.RecordingId, flush.ForceComplete, cancellationToken))
                {
                    await SendErrorAsync("Flush rejected: another flush is already pending", cancellationToken);
                }

                return;

            case ControlUtteranceCancelledMessage cancelled:
                await session.CancelUtteranceAsync(cancelled.RecordingId, cancellationToken);
                return;

            case HealthCheckMessage:
                await _connection.SendAsync(new HealthCheckMessage(), cancellationToken);
                return;

            case SetupMessage:
                await SendErrorAsync("Session already set up: 'setup' is accepted once per connection.", cancellationToken);
                return;

            default:
                await SendErrorAsync($"Message type '{message.Type}' is sent by the server, not accepted from a transcriber.", cancellationToken);
                return;
        }
    }

    /// <summary>Waits for the next frame, the idle timeout, or server shutdown.</summary>
    private async Task<(ReceivedFrame Frame, SessionOutcome? Outcome)> NextFrameAsync(ChannelReader<ReceivedFrame> frames, CancellationToken cancellationToken)
    {
        var idle = _services.Options.Server.IdleTimeout;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown);
        using var idleTimer = idle is { } timeout ? new CancellationTokenSource(timeout, _services.Time) : null;
        using var idleRegistration = idleTimer?.Token.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), wait);
        try
        {
            if (!await frames.WaitToReadAsync(wait.Token))
            {
                return (default, SessionOutcome.ClientVanished);
            }

            frames.TryRead(out var frame);
            return frame.Kind == ReceivedFrameKind.Closed ? (frame, SessionOutcome.ClientClosed) : (frame, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (default, _shutdown.IsCancellationRequested ? SessionOutcome.ServerShutdown : SessionOutcome.IdleTimeout);
        }
    }

    private async Task FinishAsync(
        TranscriptionSession session,
        Task sessionLoop,
        CancellationTokenSource sessionStop,
        FileAudioDecoder? fileDecoder,
        SessionOutcome outcome,
        CancellationToken connectionAborted)
    {
        var transcribeRest = outcome is SessionOutcome.EndOfAudio or SessionOutcome.ClientClosed or SessionOutcome.ServerShutdown or SessionOutcome.IdleTimeout or SessionOutcome.SessionTooLong;
        try
        {
            if (transcribeRest)
            {
                // Audio the server accepted is transcribed before the goodbye (an implicit flush).
                // Only a server shutdown bounds it, so that stopping cannot hang on a slow engine;
                // a client that ended its audio is waiting for exactly this result.
                using var bound = CancellationTokenSource.CreateLinkedTokenSource(connectionAborted);
                var shutdownTimeout = _services.Options.Server.ShutdownTimeout;
                using var onShutdown = _shutdown.Register(() => bound.CancelAfter(shutdownTimeout));
                if (fileDecoder is not null)
                {
                    await fileDecoder.CompleteAsync(bound.Token);
                    if (fileDecoder.Error is { } decodeError)
                    {
                        await SendErrorAsync(decodeError, connectionAborted);
                    }
                }

                await session.EndOfAudioAsync(bound.Token);
                await sessionLoop.WaitAsync(bound.Token);
            }
        }
        catch (OperationCanceledException)
        {
            Log.FinalFlushAbandoned(_logger, outcome);
        }
        finally
        {
            await sessionStop.CancelAsync();
        }

        var (status, reason) = outcome switch
        {
            SessionOutcome.ServerShutdown => (WebSocketCloseStatus.EndpointUnavailable, "Server shutting down"),
            SessionOutcome.IdleTimeout => (WebSocketCloseStatus.PolicyViolation, $"Idle timeout: nothing received for {_services.Options.Server.IdleTimeout?.TotalSeconds:0} s"),
            SessionOutcome.SessionTooLong => (WebSocketCloseStatus.PolicyViolation, $"Session exceeded the maximum length of {_services.Options.Server.MaxSessionLength?.TotalSeconds:0} s"),
            SessionOutcome.FrameTooLarge => (WebSocketCloseStatus.MessageTooBig, "Frame too large"),
            _ => (WebSocketCloseStatus.NormalClosure, "End of audio"),
        };
        // The goodbye goes out before waiting for an engine call that cannot be interrupted, so a
        // shutdown never leaves a client without its disconnect.
        if (outcome != SessionOutcome.ClientVanished)
        {
            await _connection.SendAsync(new DisconnectMessage { Stream = _stream, Message = reason }, connectionAborted);
            await _connection.CloseAsync(status, reason, connectionAborted);
        }

        try
        {
            await sessionLoop;
        }
        catch (OperationCanceledException)
        {
        }

        if (fileDecoder is not null)
        {
            await fileDecoder.DisposeAsync();
        }

        Log.SessionEnded(_logger, outcome, session.SamplesReceived / 16000.0, session.InferenceCount);
    }

    private async Task EndBeforeSetupAsync(SessionOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome == SessionOutcome.ClientVanished)
        {
            return;
        }

        var reason = outcome == SessionOutcome.ServerShutdown ? "Server shutting down" : outcome == SessionOutcome.IdleTimeout ? "Idle timeout before setup" : "Closed before setup";
        await _connection.SendAsync(new DisconnectMessage { Stream = _stream, Message = reason }, cancellationToken);
        await _connection.CloseAsync(outcome == SessionOutcome.ServerShutdown ? WebSocketCloseStatus.EndpointUnavailable : WebSocketCloseStatus.NormalClosure, reason, cancellationToken);
    }

    private async Task FailAsync(string message, WebSocketCloseStatus status, CancellationToken cancellationToken)
    {
        Log.FatalClientError(_logger, message);
        await _connection.SendAsync(new ErrorMessage { Stream = NullIfEmpty(_stream), Message = message }, cancellationToken);
        await _connection.CloseAsync(status, Truncate(message), cancellationToken);
    }

    private async Task SendErrorAsync(string message, CancellationToken cancellationToken)
    {
        Log.ClientError(_logger, message);
        await _connection.SendAsync(new ErrorMessage { Stream = NullIfEmpty(_stream), Message = message }, cancellationToken);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    // A close reason is limited to 123 UTF-8 bytes.
    private static string Truncate(string reason) => reason.Length <= 100 ? reason : reason[..100];

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, EventName = "SessionStarted", Level = LogLevel.Information,
            Message = "Transcriber session for stream {Stream} started ({Mode}, engine {Engine})")]
        public static partial void SessionStarted(ILogger logger, string stream, SourceMode mode, string engine);

        [LoggerMessage(EventId = 1101, EventName = "SessionEnded", Level = LogLevel.Information,
            Message = "Transcriber session ended ({Outcome}) after {AudioSeconds:0.0} s of audio and {Inferences} inference(s)")]
        public static partial void SessionEnded(ILogger logger, SessionOutcome outcome, double audioSeconds, int inferences);

        [LoggerMessage(EventId = 1102, EventName = "ClientError", Level = LogLevel.Warning,
            Message = "Client error: {ErrorMessage}")]
        public static partial void ClientError(ILogger logger, string errorMessage);

        [LoggerMessage(EventId = 1103, EventName = "FatalClientError", Level = LogLevel.Warning,
            Message = "Closing session: {ErrorMessage}")]
        public static partial void FatalClientError(ILogger logger, string errorMessage);

        [LoggerMessage(EventId = 1104, EventName = "FinalFlushAbandoned", Level = LogLevel.Warning,
            Message = "Final transcription abandoned after the shutdown timeout ({Outcome}); untranscribed audio dropped")]
        public static partial void FinalFlushAbandoned(ILogger logger, SessionOutcome outcome);
    }
}
