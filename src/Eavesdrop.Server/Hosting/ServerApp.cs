using Eavesdrop.Engine;
using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Vad;
using Eavesdrop.Engine.Whisper.Models;
using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Hosting.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Hosting;

/// <summary>
/// Entry point of <c>eavesdrop serve</c>: loads the engine and VAD once, then runs the host until
/// SIGINT/SIGTERM and shuts down gracefully (design §3.6): stop accepting, tell every session
/// and stream, finish or cancel in-flight inference, wait for every task, exit 0.
/// </summary>
public static partial class ServerApp
{
    /// <summary>Runs the server; returns the process exit code.</summary>
    public static async Task<int> RunAsync(EavesdropOptions options, LoggingSettings logging, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logging);
        using var loggerFactory = LoggingSetup.CreateLoggerFactory(logging);
        var logger = loggerFactory.CreateLogger("Eavesdrop.Hosting");

        var loaded = await LoadModelsAsync(options, loggerFactory, logger, cancellationToken);
        if (loaded is null)
        {
            return 1;
        }

        var (engine, vad) = loaded.Value;
        await using (engine)
        using (vad)
        {
            var app = ServerHost.Build(options, engine, vad, loggerFactory);
            await using (app)
            {
                try
                {
                    await app.StartAsync(cancellationToken);
                }
                catch (IOException ex)
                {
                    Log.ListenFailed(logger, options.Server.Host, options.Server.Port, ex.Message);
                    return 1;
                }

                Log.Listening(logger, ServerHost.GetListeningUri(app), engine.Name, engine.ModelName, options.Streams.Count);
                await app.WaitForShutdownAsync(cancellationToken);
                Log.Stopped(logger);
            }
        }

        return 0;
    }

    private static async Task<(ISpeechEngine Engine, IVoiceActivityDetector? Vad)?> LoadModelsAsync(
        EavesdropOptions options, ILoggerFactory loggerFactory, ILogger logger, CancellationToken cancellationToken)
    {
        var selection = new EngineSelection
        {
            Engine = options.Engine.Name,
            Model = options.Engine.Model,
            IntraOpThreads = options.Engine.IntraOpThreads,
            MaxBatchSize = options.Engine.MaxBatchSize,
            ModelStore = options.Engine.ModelCacheDirectory is { } cache ? new ModelStoreOptions { CacheDirectory = cache } : new ModelStoreOptions(),
        };
        Log.LoadingEngine(logger, options.Engine.Name, options.Engine.Model ?? "(default)");
        ISpeechEngine engine;
        try
        {
            engine = await EngineFactory.CreateAsync(selection, new DownloadProgressLog(logger), loggerFactory, cancellationToken);
        }
        catch (EngineException ex)
        {
            Log.EngineLoadFailed(logger, options.Engine.Name, ex.Message);
            return null;
        }

        if (!options.Vad.Enabled)
        {
            Log.VadDisabled(logger);
            return (engine, null);
        }

        try
        {
            var vad = SileroVoiceActivityDetector.Load(new SileroVadOptions { ModelPath = options.Vad.ModelPath });
            return (engine, vad);
        }
        catch (EngineException ex)
        {
            Log.VadLoadFailed(logger, ex.Message);
            await engine.DisposeAsync();
            return null;
        }
    }

    /// <summary>A server has no progress bar: downloads report as log lines, at most one per file per 10 %.</summary>
    private sealed class DownloadProgressLog(ILogger logger) : IProgress<ModelDownloadProgress>
    {
        private string? _file;
        private long _lastTenth = -1;

        public void Report(ModelDownloadProgress value)
        {
            var tenth = value.TotalBytes is > 0 and var total ? value.BytesDownloaded * 10 / total : -1;
            if (value.File != _file || tenth != _lastTenth)
            {
                _file = value.File;
                _lastTenth = tenth;
                Log.DownloadProgress(logger, value.Model, value.File ?? "-", value.Stage.ToString(), value.BytesDownloaded, value.TotalBytes);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, EventName = "LoadingEngine", Level = LogLevel.Information,
            Message = "Loading engine {Engine} with model {Model}")]
        public static partial void LoadingEngine(ILogger logger, string engine, string model);

        [LoggerMessage(EventId = 101, EventName = "EngineLoadFailed", Level = LogLevel.Critical,
            Message = "Could not load engine {Engine}: {Reason}")]
        public static partial void EngineLoadFailed(ILogger logger, string engine, string reason);

        [LoggerMessage(EventId = 102, EventName = "VadLoadFailed", Level = LogLevel.Critical,
            Message = "Could not load the Silero VAD model: {Reason} (run scripts/setup.sh, set vad.model_path, or set vad.enabled: false)")]
        public static partial void VadLoadFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 103, EventName = "VadDisabled", Level = LogLevel.Warning,
            Message = "Voice activity detection is disabled: every window of audio goes to the engine")]
        public static partial void VadDisabled(ILogger logger);

        [LoggerMessage(EventId = 104, EventName = "Listening", Level = LogLevel.Information,
            Message = "Listening on {Address} (engine {Engine}, model {Model}, {StreamCount} RTSP stream(s))")]
        public static partial void Listening(ILogger logger, Uri address, string engine, string model, int streamCount);

        [LoggerMessage(EventId = 105, EventName = "ListenFailed", Level = LogLevel.Critical,
            Message = "Could not listen on {Host}:{Port}: {Reason}")]
        public static partial void ListenFailed(ILogger logger, string host, int port, string reason);

        [LoggerMessage(EventId = 106, EventName = "Stopped", Level = LogLevel.Information,
            Message = "Server stopped: every session and stream has ended")]
        public static partial void Stopped(ILogger logger);

        [LoggerMessage(EventId = 107, EventName = "ModelDownload", Level = LogLevel.Information,
            Message = "Model {Model}: {Stage} {File} {Bytes}/{TotalBytes} bytes")]
        public static partial void DownloadProgress(ILogger logger, string model, string file, string stage, long bytes, long? totalBytes);
    }
}
