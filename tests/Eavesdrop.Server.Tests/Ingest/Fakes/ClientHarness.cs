using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Ingest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Eavesdrop.Server.Tests.Ingest.Fakes;

/// <summary>An <see cref="RtspClient"/> wired to a fake clock, a fake ffmpeg and a capturing logger.</summary>
internal sealed class ClientHarness : IAsyncDisposable
{
    public static readonly RtspOptions DefaultOptions = new();

    private readonly ILoggerFactory _loggerFactory;

    public ClientHarness(string url = "rtsp://camera.test:8554/office?audio=all", RtspOptions? options = null, string name = "office")
    {
        Options = options ?? DefaultOptions;
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Runner = new FakeProcessRunner(Time);
        LogCollector = new FakeLogCollector();
        _loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(new FakeLoggerProvider(LogCollector)));
        Client = new RtspClient(new StreamDefinition(name, new Uri(url)), Options, Runner, Time, _loggerFactory);
        Statuses = new StatusRecorder(Client);
    }

    public RtspOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public FakeProcessRunner Runner { get; }

    public FakeLogCollector LogCollector { get; }

    public RtspClient Client { get; }

    public StatusRecorder Statuses { get; }

    public Task? Run { get; private set; }

    public Task StartAsync() => StartWithTokenAsync(CancellationToken.None);

    public Task StartWithTokenAsync(CancellationToken stopToken)
    {
        Run = Client.RunAsync(stopToken);
        return Task.CompletedTask;
    }

    /// <summary>Starts the client and returns the first ffmpeg it launched.</summary>
    public async Task<FakeProcess> StartAndGetProcessAsync()
    {
        await StartAsync();
        return await Runner.NextProcessAsync();
    }

    /// <summary>The next item of the client's audio channel.</summary>
    public Task<AudioChunk> ReadChunkAsync() => Client.Audio.ReadAsync().AsTask().OrTimeout();

    /// <summary>Feeds one full chunk of recognisable PCM (every byte = <paramref name="fill"/>).</summary>
    public static byte[] Chunk(byte fill)
    {
        var chunk = new byte[RtspClient.ChunkSize];
        Array.Fill(chunk, fill);
        return chunk;
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        _loggerFactory.Dispose();
    }
}
