using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Ingest;
using Eavesdrop.Server.Tests.Ingest.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Eavesdrop.Server.Tests.Ingest.Integration;

/// <summary>An <see cref="RtspClient"/> on real ffmpeg and the real clock, with short test delays.</summary>
internal sealed class LiveClient : IAsyncDisposable
{
    public static readonly RtspOptions TestOptions = new()
    {
        ReconnectDelay = TimeSpan.FromSeconds(1),
        NoDataTimeout = TimeSpan.FromSeconds(3),
        StopGracePeriod = TimeSpan.FromSeconds(2),
    };

    private readonly ILoggerFactory _loggerFactory;
    private Task? _drain;
    private long _drainedBytes;

    public LiveClient(Uri url, string name = "cam", RtspOptions? options = null)
    {
        Options = options ?? TestOptions;
        LogCollector = new FakeLogCollector();
        _loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(new FakeLoggerProvider(LogCollector)));
        Client = new RtspClient(new StreamDefinition(name, url), Options, Runner, TimeProvider.System, _loggerFactory);
        Statuses = new StatusRecorder(Client);
    }

    public RtspOptions Options { get; }

    public RecordingProcessRunner Runner { get; } = new();

    public FakeLogCollector LogCollector { get; }

    public RtspClient Client { get; }

    public StatusRecorder Statuses { get; }

    public Task? Run { get; private set; }

    public long DrainedBytes => Interlocked.Read(ref _drainedBytes);

    public void Start() => Run = Client.RunAsync(CancellationToken.None);

    /// <summary>Starts and keeps the audio channel empty, so a long test never applies backpressure.</summary>
    public void StartDraining()
    {
        Start();
        _drain = Task.Run(async () =>
        {
            await foreach (var chunk in Client.Audio.ReadAllAsync())
            {
                Interlocked.Add(ref _drainedBytes, chunk.Pcm.Length);
            }
        });
    }

    public Task<StreamStatusChange> WaitForErrorAsync(IngestError error) =>
        Statuses.WaitForAsync(c => c.Current.State == StreamState.Reconnecting && c.End?.Error == error, $"Reconnecting({error})");

    /// <summary>Log messages and structured values, for searching.</summary>
    public IReadOnlyList<string> LogTexts() =>
        [.. LogCollector.GetSnapshot().SelectMany(r =>
            new[] { r.Message, r.Exception?.ToString() ?? string.Empty }
                .Concat(r.StructuredState?.Select(p => p.Value ?? string.Empty) ?? []))];

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        if (_drain is not null)
        {
            await _drain;
        }

        _loggerFactory.Dispose();
    }
}
