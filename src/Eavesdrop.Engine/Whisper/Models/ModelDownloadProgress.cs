namespace Eavesdrop.Engine.Whisper.Models;

/// <summary>A snapshot of a model download, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="Model">The model's canonical name.</param>
/// <param name="Stage">What the download is doing.</param>
/// <param name="File">Repository-relative path of the current file, or null between files.</param>
/// <param name="BytesDownloaded">Bytes of the whole model present on disk so far (never decreases).</param>
/// <param name="TotalBytes">Size of the whole model, or null while it is not known yet.</param>
internal readonly record struct ModelDownloadProgress(
    string Model,
    ModelDownloadStage Stage,
    string? File,
    long BytesDownloaded,
    long? TotalBytes);
