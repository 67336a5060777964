using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Ingest;

internal sealed partial class RtspClient
{
    private static partial class Log
    {
        [LoggerMessage(IngestEventIds.Connecting, LogLevel.Information,
            "Connecting to {Url} (connection {Epoch}, reconnects {ReconnectCount})", EventName = "Connecting")]
        public static partial void Connecting(ILogger logger, string url, int epoch, int reconnectCount);

        [LoggerMessage(IngestEventIds.FfmpegStarted, LogLevel.Debug,
            "ffmpeg started (pid {ProcessId})", EventName = "FfmpegStarted")]
        public static partial void FfmpegStarted(ILogger logger, int processId);

        [LoggerMessage(IngestEventIds.Transcribing, LogLevel.Information,
            "Transcribing: audio is flowing (connection {Epoch})", EventName = "Transcribing")]
        public static partial void Transcribing(ILogger logger, int epoch);

        [LoggerMessage(IngestEventIds.Reconnecting, LogLevel.Warning,
            "Reconnecting in {DelaySeconds} s: {Reason}: {Message} (reconnects {ReconnectCount}, {BytesReceived} bytes, {AudioSeconds:F1} s of audio)",
            EventName = "Reconnecting")]
        public static partial void Reconnecting(
            ILogger logger, double delaySeconds, IngestError reason, string message, int reconnectCount, long bytesReceived, double audioSeconds);

        [LoggerMessage(IngestEventIds.Stopped, LogLevel.Information,
            "Stopped (reconnects {ReconnectCount}, {BytesReceived} bytes, {AudioSeconds:F1} s of audio)", EventName = "Stopped")]
        public static partial void Stopped(ILogger logger, int reconnectCount, long bytesReceived, double audioSeconds);

        [LoggerMessage(IngestEventIds.FfmpegError, LogLevel.Warning,
            "ffmpeg error ({ErrorClass}): {FfmpegMessage}", EventName = "FfmpegError")]
        public static partial void FfmpegError(ILogger logger, IngestError errorClass, string ffmpegMessage);

        [LoggerMessage(IngestEventIds.FfmpegOutput, LogLevel.Debug,
            "ffmpeg: {FfmpegMessage}", EventName = "FfmpegOutput")]
        public static partial void FfmpegOutput(ILogger logger, string ffmpegMessage);

        [LoggerMessage(IngestEventIds.NoDataTimeout, LogLevel.Warning,
            "No audio from ffmpeg for {TimeoutSeconds} s; stopping it", EventName = "NoDataTimeout")]
        public static partial void NoDataTimeout(ILogger logger, double timeoutSeconds);

        [LoggerMessage(IngestEventIds.TerminatingFfmpeg, LogLevel.Debug,
            "Terminating ffmpeg (pid {ProcessId})", EventName = "TerminatingFfmpeg")]
        public static partial void TerminatingFfmpeg(ILogger logger, int processId);

        [LoggerMessage(IngestEventIds.KillingFfmpeg, LogLevel.Warning,
            "ffmpeg (pid {ProcessId}) did not exit {GraceSeconds} s after SIGTERM; killing it", EventName = "KillingFfmpeg")]
        public static partial void KillingFfmpeg(ILogger logger, int processId, double graceSeconds);

        [LoggerMessage(IngestEventIds.FfmpegStartFailed, LogLevel.Error,
            "Could not start {FfmpegPath}: {Message}", EventName = "FfmpegStartFailed")]
        public static partial void FfmpegStartFailed(ILogger logger, string ffmpegPath, string message);

        [LoggerMessage(IngestEventIds.FfmpegExited, LogLevel.Debug,
            "ffmpeg (pid {ProcessId}) exited with code {ExitCode}", EventName = "FfmpegExited")]
        public static partial void FfmpegExited(ILogger logger, int processId, int exitCode);

        [LoggerMessage(IngestEventIds.StatusHandlerFailed, LogLevel.Error,
            "A StatusChanged handler threw; ingest continues", EventName = "StatusHandlerFailed")]
        public static partial void StatusHandlerFailed(ILogger logger, Exception exception);

        [LoggerMessage(IngestEventIds.IngestFailed, LogLevel.Error,
            "The ingest loop failed unexpectedly: {Message}", EventName = "IngestFailed")]
        public static partial void IngestFailed(ILogger logger, string message);
    }
}
