using System.Buffers;
using System.Runtime.CompilerServices;
using Eavesdrop.Client.Transport;
using Eavesdrop.Protocol;

namespace Eavesdrop.Client;

/// <summary>
/// A transcriber session: connect and set up (<see cref="ConnectAsync"/>), start a recording,
/// send audio (or, in file mode, a file's bytes), flush, cancel, end the audio, and read the
/// server's messages with each completed segment reported once (<see cref="ReadUpdatesAsync"/>).
/// Sending may happen on one task while another reads; one reader at a time.
/// </summary>
public sealed class TranscriberClient : IAsyncDisposable
{
    /// <summary>Bytes per binary frame in file mode.</summary>
    public const int FileFrameBytes = 64 * 1024;

    private readonly TranscriberClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly CompletedSegmentTracker _tracker = new();
    private ProtocolConnection? _connection;
    private int _disposed;

    public TranscriberClient(TranscriberClientOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new TranscriberClientOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        Stream = _options.Stream ?? $"client-{Guid.NewGuid():N}";
    }

    /// <summary>The stream id of this session.</summary>
    public string Stream { get; }

    /// <summary>The id of the current recording, once <see cref="StartRecordingAsync"/> was called.</summary>
    public string? RecordingId { get; private set; }

    /// <summary>The <c>server_ready</c> answer, once connected.</summary>
    public ServerReadyMessage? ServerReady { get; private set; }

    /// <summary>
    /// Connects, sends <c>setup</c> and waits for <c>server_ready</c>.
    /// </summary>
    /// <exception cref="EavesdropClientException">Unreachable, refused, an <c>error</c> answer, or no answer in time.</exception>
    public async Task<ServerReadyMessage> ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_connection is not null)
        {
            throw new InvalidOperationException("Already connected.");
        }

        var connection = await ProtocolConnection.ConnectAsync(
            _options.ServerUri, ClientKind.Transcriber, streamNames: null, _options.ApiKey, _options.ConnectTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        _connection = connection;

        using var timeout = new CancellationTokenSource(_options.ReadyTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        ProtocolMessage? answer;
        try
        {
            await connection.SendAsync(new SetupMessage { Timestamp = connection.Now(), Stream = Stream, Options = _options.SessionOptions }, linked.Token).ConfigureAwait(false);
            answer = await connection.ReceiveAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new EavesdropClientException(ClientErrorCode.Timeout, $"The server at {_options.ServerUri} did not answer 'setup' within {_options.ReadyTimeout.TotalSeconds:0.#} s.");
        }

        ServerReady = answer switch
        {
            ServerReadyMessage ready => ready,
            ErrorMessage error => throw new EavesdropClientException(ClientErrorCode.ServerError, $"The server rejected the session: {error.Message}"),
            DisconnectMessage disconnect => throw new EavesdropClientException(ClientErrorCode.ServerError, $"The server ended the session: {disconnect.Message ?? "disconnect"}"),
            null => throw new EavesdropClientException(ClientErrorCode.ConnectionLost, $"The server at {_options.ServerUri} closed the connection instead of answering 'setup'."),
            _ => throw new EavesdropClientException(ClientErrorCode.ProtocolViolation, $"Expected 'server_ready', got '{answer.Type}'."),
        };
        return ServerReady;
    }

    /// <summary>
    /// Sends <c>control_recording_started</c>: a new recording epoch (times restart at 0, the id
    /// chain restarts). Returns the recording id used.
    /// </summary>
    public async Task<string> StartRecordingAsync(string? recordingId = null, CancellationToken cancellationToken = default)
    {
        var connection = Connection;
        var id = recordingId ?? $"rec-{Guid.NewGuid():N}";
        await connection.SendAsync(
            new ControlRecordingStartedMessage { Timestamp = connection.Now(), Stream = Stream, RecordingId = id, SampleRateHz = ProtocolConstants.SampleRateHz },
            cancellationToken).ConfigureAwait(false);
        RecordingId = id;
        return id;
    }

    /// <summary>Sends one binary frame of 16 kHz mono samples (float32 little-endian).</summary>
    public async Task SendAudioAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken = default)
    {
        var connection = Connection;
        var byteCount = samples.Length * AudioFrames.BytesPerSample;
        var buffer = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            AudioFrames.WriteSamples(samples.Span, buffer);
            await connection.SendBinaryAsync(buffer.AsMemory(0, byteCount), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Sends every chunk as one binary frame, paced in real time (each chunk no earlier than its
    /// place on the audio's timeline) or as fast as possible. Does not end the audio.
    /// </summary>
    /// <returns>The number of samples sent.</returns>
    public async Task<long> SendAudioAsync(IAsyncEnumerable<float[]> chunks, AudioPacing pacing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var started = _timeProvider.GetTimestamp();
        long sent = 0;
        await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (pacing == AudioPacing.RealTime)
            {
                var due = TimeSpan.FromSeconds((double)sent / ProtocolConstants.SampleRateHz) - _timeProvider.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }

            await SendAudioAsync(chunk, cancellationToken).ConfigureAwait(false);
            sent += chunk.Length;
        }

        return sent;
    }

    /// <summary>
    /// File mode (setup with <c>source_mode: file</c>): sends the file's raw bytes in binary
    /// frames. Follow with <see cref="SendEndOfAudioAsync"/>.
    /// </summary>
    /// <returns>The number of bytes sent.</returns>
    public async Task<long> SendFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (_options.SessionOptions?.SourceMode != SourceMode.File)
        {
            throw new InvalidOperationException("SendFileAsync needs a session set up with SourceMode.File.");
        }

        var connection = Connection;
        var buffer = new byte[FileFrameBytes];
        long sent = 0;
        var file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            int read;
            while ((read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await connection.SendBinaryAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                sent += read;
            }
        }

        return sent;
    }

    /// <summary>Sends <c>control_flush</c>; the server answers a <c>transcription</c> with <c>flush_complete: true</c>.</summary>
    public Task FlushAsync(bool forceComplete = true, CancellationToken cancellationToken = default)
    {
        var connection = Connection;
        return connection.SendAsync(
            new ControlFlushMessage { Timestamp = connection.Now(), Stream = Stream, RecordingId = RequireRecordingId(), ForceComplete = forceComplete },
            cancellationToken);
    }

    /// <summary>Sends <c>control_utterance_cancelled</c>: the server drops the unprocessed tail.</summary>
    public async Task CancelUtteranceAsync(CancellationToken cancellationToken = default)
    {
        var connection = Connection;
        var recordingId = RequireRecordingId();
        await connection.SendAsync(
            new ControlUtteranceCancelledMessage { Timestamp = connection.Now(), Stream = Stream, RecordingId = recordingId },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the <c>END_OF_AUDIO</c> marker; the server finishes, sends <c>disconnect</c> and closes.</summary>
    public Task SendEndOfAudioAsync(CancellationToken cancellationToken = default) =>
        Connection.SendBinaryAsync(AudioFrames.EndOfAudio.ToArray(), cancellationToken);

    /// <summary>
    /// The server's messages as they arrive, until it closes the connection (normally right after
    /// <c>disconnect</c>). Each completed segment appears in <see cref="TranscriptUpdate.NewlyCompleted"/>
    /// exactly once. <c>error</c> messages are yielded, not thrown.
    /// </summary>
    /// <exception cref="EavesdropClientException">The connection dropped or the server broke the protocol.</exception>
    public async IAsyncEnumerable<TranscriptUpdate> ReadUpdatesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var connection = Connection;
        while (await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false) is { } message)
        {
            yield return ToUpdate(message);
        }
    }

    /// <summary>Closes the connection (without <c>END_OF_AUDIO</c>): the server treats it as the end of the audio.</summary>
    public Task CloseAsync(CancellationToken cancellationToken = default) =>
        _connection?.CloseAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private TranscriptUpdate ToUpdate(ProtocolMessage message)
    {
        if (message is not TranscriptionMessage transcription)
        {
            return new TranscriptUpdate { Message = message };
        }

        return new TranscriptUpdate
        {
            Message = message,
            NewlyCompleted = _tracker.Accept(transcription),
            Tail = transcription.Segments.LastOrDefault(s => !s.Completed),
        };
    }

    private ProtocolConnection Connection
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            return _connection ?? throw new InvalidOperationException("Not connected: call ConnectAsync first.");
        }
    }

    private string RequireRecordingId() =>
        RecordingId ?? throw new InvalidOperationException("No recording: call StartRecordingAsync first.");
}
