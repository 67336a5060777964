using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Sphinx;
using Eavesdrop.Engine.Whisper;
using Eavesdrop.Engine.Whisper.Models;
using Eavesdrop.Engine.Whisper.Runtime;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Engine;

/// <summary>
/// Loads the process's one speech engine from an <see cref="EngineSelection"/>: the CLI's
/// <c>transcribe</c> and the server both come through here.
/// </summary>
internal static class EngineFactory
{
    /// <summary>
    /// Loads the selected engine; for Whisper, <see cref="EngineSelection.Model"/> may be a directory or a
    /// model name that is downloaded into the cache first (reporting <paramref name="progress"/>).
    /// Loading runs off the caller's thread (it reads hundreds of MB and builds ONNX sessions).
    /// </summary>
    /// <exception cref="EngineException">Unknown engine, missing or unreachable model, files that do not load.</exception>
    public static async Task<ISpeechEngine> CreateAsync(
        EngineSelection selection,
        IProgress<ModelDownloadProgress>? progress = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        switch (selection.NormalizedEngine)
        {
            case EngineSelection.Sphinx:
                var sphinxOptions = selection.Model is null ? new PocketSphinxOptions() : new PocketSphinxOptions { ModelDirectory = selection.Model };
                return await Task.Run(() => PocketSphinxEngine.Load(sphinxOptions), cancellationToken).ConfigureAwait(false);

            case EngineSelection.Whisper:
                var storeOptions = selection.ModelStore with { Variant = selection.Variant ?? ModelVariant.Fp32 };
                string directory;
                using (var store = new ModelStore(storeOptions, loggerFactory?.CreateLogger<ModelStore>()))
                {
                    directory = await store.ResolveAsync(selection.Model ?? EngineSelection.DefaultWhisperModel, progress, cancellationToken).ConfigureAwait(false);
                }

                var engineOptions = new WhisperEngineOptions
                {
                    Variant = selection.Variant switch
                    {
                        null => WhisperModelVariant.Auto,
                        ModelVariant.Fp32 => WhisperModelVariant.Fp32,
                        _ => WhisperModelVariant.Int8,
                    },
                    IntraOpThreads = selection.IntraOpThreads ?? 0,
                    MaxBatchSize = Math.Max(1, selection.MaxBatchSize),
                    ModelName = IsDirectory(selection.Model) ? null : selection.Model ?? EngineSelection.DefaultWhisperModel,
                };
                return await Task.Run(() => WhisperEngine.Load(directory, engineOptions), cancellationToken).ConfigureAwait(false);

            default:
                throw new EngineException($"Unknown engine '{selection.Engine}': use 'whisper' or 'sphinx'.");
        }
    }

    private static bool IsDirectory(string? model) => model is not null && Directory.Exists(model);
}
