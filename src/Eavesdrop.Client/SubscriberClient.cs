using System.Runtime.CompilerServices;
using Eavesdrop.Client.Transport;
using Eavesdrop.Protocol;

namespace Eavesdrop.Client;

/// <summary>
/// An <c>rtsp_subscriber</c> session: watches the transcriptions and <c>stream_status</c> changes
/// of named RTSP streams. The server first replays its cached transcriptions, then sends live ones.
/// </summary>
public sealed class SubscriberClient : IAsyncDisposable
{
    private readonly SubscriberClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly CompletedSegmentTracker _tracker = new();
    private ProtocolConnection? _connection;
    private int _disposed;

    public SubscriberClient(SubscriberClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.StreamNames.Count == 0 || options.StreamNames.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Give at least one stream name, none blank.", nameof(options));
        }

        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Connects with <c>X-Client-Type: rtsp_subscriber</c> and the stream names.</summary>
    /// <exception cref="EavesdropClientException">Unreachable or refused.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_connection is not null)
        {
            throw new InvalidOperationException("Already connected.");
        }

        _connection = await ProtocolConnection.ConnectAsync(
            _options.ServerUri, ClientKind.RtspSubscriber, _options.StreamNames, _options.ApiKey, _options.ConnectTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The server's messages until it closes the connection; each completed segment appears in
    /// <see cref="TranscriptUpdate.NewlyCompleted"/> once per stream. An <c>error</c> (e.g. unknown
    /// stream names) is yielded, and the server closes the connection after it.
    /// </summary>
    public async IAsyncEnumerable<TranscriptUpdate> ReadUpdatesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var connection = _connection ?? throw new InvalidOperationException("Not connected: call ConnectAsync first.");
        while (await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false) is { } message)
        {
            switch (message)
            {
                case TranscriptionMessage transcription:
                    yield return new TranscriptUpdate
                    {
                        Message = message,
                        NewlyCompleted = _tracker.Accept(transcription),
                        Tail = transcription.Segments.LastOrDefault(s => !s.Completed),
                    };
                    break;
                case StreamStatusMessage { Status: StreamStatus.Online } status:
                    // a reconnect restarts the stream's id chain
                    _tracker.Reset(status.Stream);
                    yield return new TranscriptUpdate { Message = message };
                    break;
                default:
                    yield return new TranscriptUpdate { Message = message };
                    break;
            }
        }
    }

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
}
