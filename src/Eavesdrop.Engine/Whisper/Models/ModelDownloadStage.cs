namespace Eavesdrop.Engine.Whisper.Models;

/// <summary>What a model download is doing when it reports <see cref="ModelDownloadProgress"/>.</summary>
internal enum ModelDownloadStage
{
    /// <summary>Asking the server which files exist and how large they are.</summary>
    Checking,

    /// <summary>Another process holds the cache lock for this model.</summary>
    WaitingForLock,

    Downloading,

    /// <summary>Comparing a finished file's SHA-256 with the server's.</summary>
    Verifying,

    Completed,
}
