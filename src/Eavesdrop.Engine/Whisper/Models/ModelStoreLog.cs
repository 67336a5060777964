using Microsoft.Extensions.Logging;

namespace Eavesdrop.Engine.Whisper.Models;

/// <summary>Source-generated log events of the model store (EventIds 3100–3199).</summary>
internal static partial class ModelStoreLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "Model {Model} found complete in {Directory}")]
    public static partial void CacheHit(ILogger logger, string model, string directory);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Downloading model {Model} ({Variant}) from {Repository} into {Directory}: {FileCount} files, {TotalBytes} bytes")]
    public static partial void DownloadStarting(ILogger logger, string model, string variant, string repository, string directory, int fileCount, long totalBytes);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Transfer of {File} interrupted (attempt {Attempt} of {MaxAttempts}): {Reason}; resuming")]
    public static partial void TransferInterrupted(ILogger logger, string file, int attempt, int maxAttempts, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "Resuming {File} from byte {Offset}")]
    public static partial void TransferResumed(ILogger logger, string file, long offset);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "Waiting for another process that is downloading model {Model} (lock {LockFile})")]
    public static partial void WaitingForLock(ILogger logger, string model, string lockFile);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Information, Message = "Model {Model} downloaded and verified in {Directory}")]
    public static partial void DownloadCompleted(ILogger logger, string model, string directory);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Error, Message = "SHA-256 of {File} is {Actual}, the server published {Expected}; the file was deleted")]
    public static partial void ChecksumMismatch(ILogger logger, string file, string actual, string expected);
}
