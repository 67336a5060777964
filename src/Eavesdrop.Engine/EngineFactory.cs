using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Sphinx;
using Eavesdrop.Engine.Whisper.Models;
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
                return PocketSphinxEngine.Load(sphinxOptions);

            case EngineSelection.Whisper:
                using (var store = new ModelStore(selection.ModelStore, loggerFactory?.CreateLogger<ModelStore>()))
                {
                    var directory = await store.ResolveAsync(selection.Model ?? EngineSelection.DefaultWhisperModel, progress, cancellationToken).ConfigureAwait(false);
                    return await Task.Run(() => LoadWhisper(directory, selection), cancellationToken).ConfigureAwait(false);
                }

            default:
                throw new EngineException($"Unknown engine '{selection.Engine}': use 'whisper' or 'sphinx'.");
        }
    }

    private static ISpeechEngine LoadWhisper(string directory, EngineSelection selection) =>
        throw new EngineException($"The Whisper engine is not part of this build yet (model directory {directory}, variant {selection.ModelStore.Variant.ToName()}).");
}
