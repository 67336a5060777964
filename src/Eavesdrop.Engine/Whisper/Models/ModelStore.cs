using System.Security.Cryptography;
using Eavesdrop.Engine.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eavesdrop.Engine.Whisper.Models;

/// <summary>
/// Turns <c>--model</c> (a directory or a model name) into a model directory, downloading a named
/// model once into <see cref="ModelStoreOptions.CacheDirectory"/>/<c>&lt;name&gt;</c>.
/// </summary>
/// <remarks>
/// Downloads are resumable (<c>.partial</c> files continued with HTTP Range), verified (size, and
/// SHA-256 where the server publishes it), atomic (each file is renamed into place after
/// verification; a manifest written last marks the variant complete) and safe across processes
/// (an exclusive lock file per model folder).
/// </remarks>
internal sealed class ModelStore : IDisposable
{
    private const string PartialSuffix = ".partial";

    private readonly ModelDownloader _downloader;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    public ModelStore(ModelStoreOptions options, ILogger<ModelStore>? logger = null, TimeProvider? timeProvider = null, HttpMessageHandler? httpHandler = null)
    {
        Options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _downloader = new ModelDownloader(options, _logger, _timeProvider, httpHandler);
    }

    public ModelStoreOptions Options { get; }

    /// <summary>
    /// <paramref name="modelOrDirectory"/> when it is an existing directory; otherwise the cache folder
    /// of the named model (see <see cref="WhisperModelCatalog"/>), downloading it first if needed.
    /// </summary>
    /// <exception cref="EngineException">Unknown name, missing directory, unreachable server, missing or corrupt file.</exception>
    public async Task<string> ResolveAsync(string modelOrDirectory, IProgress<ModelDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelOrDirectory);
        if (Directory.Exists(modelOrDirectory))
        {
            return Path.GetFullPath(modelOrDirectory);
        }

        if (LooksLikePath(modelOrDirectory))
        {
            throw new EngineException($"Model directory '{modelOrDirectory}' does not exist.");
        }

        if (!WhisperModelCatalog.TryResolve(modelOrDirectory, out var model))
        {
            throw new EngineException(
                $"'{modelOrDirectory}' is neither a model directory nor a known model name. "
                + $"Known names: {string.Join(", ", WhisperModelCatalog.Names)}; or a Hugging Face repository id such as onnx-community/whisper-tiny.en.");
        }

        return await EnsureDownloadedAsync(model, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where <paramref name="model"/> lives in the cache (whether or not it is there yet).</summary>
    public string ModelDirectory(WhisperModelInfo model) => Path.Combine(Options.CacheDirectory, model.Name);

    /// <summary>True when the model's variant is completely downloaded and verified.</summary>
    public bool IsCached(WhisperModelInfo model) => ModelManifest.ReadIfComplete(ModelDirectory(model), Options.Variant) is not null;

    /// <summary>The cache folder of <paramref name="model"/>, downloading whatever is missing.</summary>
    public async Task<string> EnsureDownloadedAsync(WhisperModelInfo model, IProgress<ModelDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var directory = ModelDirectory(model);
        if (ModelManifest.ReadIfComplete(directory, Options.Variant) is { } cached)
        {
            ModelStoreLog.CacheHit(_logger, model.Name, directory);
            var size = cached.Files.Sum(f => f.Size);
            progress?.Report(new ModelDownloadProgress(model.Name, ModelDownloadStage.Completed, null, size, size));
            return directory;
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EngineException($"Cannot create the model cache folder {directory}: {ex.Message}. Choose another with --model-cache or EAVESDROP_MODEL_CACHE.", ex);
        }

        var lockPath = Path.Combine(directory, ".lock");
        using var cacheLock = await ModelCacheLock.AcquireAsync(
            lockPath,
            Options.LockTimeout,
            _timeProvider,
            () =>
            {
                ModelStoreLog.WaitingForLock(_logger, model.Name, lockPath);
                progress?.Report(new ModelDownloadProgress(model.Name, ModelDownloadStage.WaitingForLock, null, 0, null));
            },
            cancellationToken).ConfigureAwait(false);

        // Another process may have finished the download while this one waited for the lock.
        if (ModelManifest.ReadIfComplete(directory, Options.Variant) is { } finishedMeanwhile)
        {
            var size = finishedMeanwhile.Files.Sum(f => f.Size);
            progress?.Report(new ModelDownloadProgress(model.Name, ModelDownloadStage.Completed, null, size, size));
            return directory;
        }

        progress?.Report(new ModelDownloadProgress(model.Name, ModelDownloadStage.Checking, null, 0, null));
        var files = await PlanAsync(model, cancellationToken).ConfigureAwait(false);
        var total = files.Sum(f => f.Size);
        ModelStoreLog.DownloadStarting(_logger, model.Name, Options.Variant.ToName(), model.Repository, directory, files.Count, total);

        var tracker = new ProgressTracker(model.Name, total, progress);
        var onDisk = files.ToDictionary(f => f.Path, f => BytesAlreadyOnDisk(directory, f));
        tracker.Report(ModelDownloadStage.Downloading, null, onDisk.Values.Sum());

        foreach (var file in files)
        {
            await FetchFileAsync(model, directory, file, bytes =>
            {
                onDisk[file.Path] = bytes;
                tracker.Report(ModelDownloadStage.Downloading, file.Path, onDisk.Values.Sum());
            }, tracker, cancellationToken).ConfigureAwait(false);
            onDisk[file.Path] = file.Size;
        }

        new ModelManifest(model.Name, model.Repository, Options.Revision, Options.Variant.ToName(), _downloader.BaseUrl.AbsoluteUri, _timeProvider.GetUtcNow(), files)
            .WriteAtomically(directory, Options.Variant);
        tracker.Report(ModelDownloadStage.Completed, null, total);
        ModelStoreLog.DownloadCompleted(_logger, model.Name, directory);
        return directory;
    }

    public void Dispose() => _downloader.Dispose();

    /// <summary>Asks the server which files of the layout exist for the variant, with their sizes and hashes.</summary>
    private async Task<IReadOnlyList<ModelFile>> PlanAsync(WhisperModelInfo model, CancellationToken cancellationToken)
    {
        try
        {
            var files = new List<ModelFile> { await RequireAsync(model, ModelFileLayout.ConfigFile, cancellationToken).ConfigureAwait(false) };

            var optional = await Task.WhenAll(ModelFileLayout.OptionalConfigFiles.Select(path => _downloader.ProbeAsync(model.Repository, path, cancellationToken))).ConfigureAwait(false);
            files.AddRange(optional.OfType<ModelFile>());

            var graphs = new List<ModelFile> { await RequireAsync(model, ModelFileLayout.Encoder(Options.Variant), cancellationToken).ConfigureAwait(false) };
            if (await _downloader.ProbeAsync(model.Repository, ModelFileLayout.MergedDecoder(Options.Variant), cancellationToken).ConfigureAwait(false) is { } merged)
            {
                graphs.Add(merged);
            }
            else
            {
                foreach (var path in ModelFileLayout.SplitDecoder(Options.Variant))
                {
                    graphs.Add(await RequireAsync(model, path, cancellationToken, alternativeTo: ModelFileLayout.MergedDecoder(Options.Variant)).ConfigureAwait(false));
                }
            }

            foreach (var graph in graphs)
            {
                files.Add(graph);
                if (await _downloader.ProbeAsync(model.Repository, ModelFileLayout.ExternalData(graph.Path), cancellationToken).ConfigureAwait(false) is { } externalData)
                {
                    files.Add(externalData);
                }
            }

            return files;
        }
        catch (Exception ex) when (ModelDownloader.IsUnreachable(ex, cancellationToken))
        {
            throw new EngineException(OfflineMessage(model, ex), ex);
        }
    }

    private async Task<ModelFile> RequireAsync(WhisperModelInfo model, string path, CancellationToken cancellationToken, string? alternativeTo = null)
    {
        if (await _downloader.ProbeAsync(model.Repository, path, cancellationToken).ConfigureAwait(false) is { } file)
        {
            return file;
        }

        var what = alternativeTo is null ? path : $"{alternativeTo} nor {path}";
        var variantHint = Options.Variant == ModelVariant.Fp32
            ? ""
            : $" This export may not offer the {Options.Variant.ToName()} variant; another variant may exist (fp32, quantized, int8).";
        throw new EngineException(
            $"Cannot download model '{model.Name}': {_downloader.FileUri(model.Repository, path)} returned 404 Not Found — "
            + $"repository {model.Repository} (revision {Options.Revision}) has no {what}.{variantHint}");
    }

    private async Task FetchFileAsync(WhisperModelInfo model, string directory, ModelFile file, Action<long> onBytesOnDisk, ProgressTracker tracker, CancellationToken cancellationToken)
    {
        var target = Path.Combine(directory, file.Path);
        if (File.Exists(target) && new FileInfo(target).Length == file.Size)
        {
            // Renamed into place by an earlier run only after verification; recheck in case the remote changed.
            if (file.Sha256 is null || await Sha256Async(target, cancellationToken).ConfigureAwait(false) == file.Sha256)
            {
                return;
            }

            File.Delete(target);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + PartialSuffix;
        try
        {
            await _downloader.DownloadAsync(model.Repository, file, partial, onBytesOnDisk, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ModelDownloader.IsUnreachable(ex, cancellationToken))
        {
            throw new EngineException(OfflineMessage(model, ex), ex);
        }

        if (file.Sha256 is not null)
        {
            tracker.Report(ModelDownloadStage.Verifying, file.Path, null);
            var actual = await Sha256Async(partial, cancellationToken).ConfigureAwait(false);
            if (actual != file.Sha256)
            {
                File.Delete(partial);
                ModelStoreLog.ChecksumMismatch(_logger, file.Path, actual, file.Sha256);
                throw new EngineException(
                    $"Downloaded {file.Path} of model '{model.Name}' is corrupt: its SHA-256 is {actual} but {model.Repository} publishes {file.Sha256}. "
                    + "The file was deleted; run the command again to download it afresh.");
            }
        }

        File.Move(partial, target, overwrite: true);
    }

    private static long BytesAlreadyOnDisk(string directory, ModelFile file)
    {
        var target = new FileInfo(Path.Combine(directory, file.Path));
        if (target.Exists && target.Length == file.Size)
        {
            return file.Size;
        }

        var partial = new FileInfo(target.FullName + PartialSuffix);
        return partial.Exists ? Math.Min(partial.Length, file.Size) : 0;
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }
    }

    private string OfflineMessage(WhisperModelInfo model, Exception ex)
    {
        var reason = ex is OperationCanceledException ? $"no answer within {Options.ConnectTimeout.TotalSeconds:0} s" : ex.Message;
        return $"""
            Could not reach {_downloader.BaseUrl} to download Whisper model '{model.Name}' ({reason}).
            This machine may have no internet access. To use the model without it:
              1. on a machine with internet, download the repository https://huggingface.co/{model.Repository}
                 (for example `git clone https://huggingface.co/{model.Repository}` with git-lfs installed),
              2. copy it here and pass its folder with --model DIR. The folder must hold:
            {ModelFileLayout.Describe(Options.Variant)}
            A mirror of Hugging Face can be used instead by setting HF_ENDPOINT.
            """;
    }

    private static bool LooksLikePath(string text) =>
        text.StartsWith('.') || text.StartsWith('/') || text.StartsWith('~') || text.Contains('\\', StringComparison.Ordinal)
        || text.Count(c => c == '/') > 1;

    /// <summary>Reports overall progress, never letting the downloaded byte count go backwards.</summary>
    private sealed class ProgressTracker(string model, long total, IProgress<ModelDownloadProgress>? progress)
    {
        private long _highWater;

        public void Report(ModelDownloadStage stage, string? file, long? bytes)
        {
            if (progress is null)
            {
                return;
            }

            _highWater = Math.Max(_highWater, Math.Min(bytes ?? _highWater, total));
            progress.Report(new ModelDownloadProgress(model, stage, file, _highWater, total));
        }
    }
}
