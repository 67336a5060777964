using Eavesdrop.Protocol;
using Eavesdrop.Server.Sessions;
using Eavesdrop.Server.Transport;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Streams;

/// <summary>
/// Where one stream connection's session results go: every completed segment is logged at
/// Information (the stream name comes from the worker's log scope), and every result is published
/// to the stream's hub in wire form with <c>stream</c> = the stream name.
/// </summary>
internal sealed partial class StreamSessionSink : ISessionSink
{
    private readonly StreamHub _hub;
    private readonly int _epoch;
    private readonly ILogger _logger;

    public StreamSessionSink(StreamHub hub, int epoch, ILogger logger)
    {
        _hub = hub;
        _epoch = epoch;
        _logger = logger;
    }

    public ValueTask OnTranscriptionAsync(SessionTranscription transcription, CancellationToken cancellationToken)
    {
        foreach (var segment in transcription.NewlyCompleted)
        {
            Log.SegmentCompleted(_logger, segment.Start, segment.End, _epoch, segment.Text);
        }

        _hub.PublishTranscription(transcription.ToWire(_hub.Name), keepInHistory: transcription.NewlyCompleted.Count > 0);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnLanguageDetectedAsync(string language, double probability, CancellationToken cancellationToken)
    {
        Log.LanguageDetected(_logger, language, probability);
        _hub.PublishLive(new LanguageDetectionMessage { Stream = _hub.Name, Language = language, LanguageProb = probability });
        return ValueTask.CompletedTask;
    }

    public ValueTask OnErrorAsync(string message, CancellationToken cancellationToken)
    {
        Log.WindowFailed(_logger, message);
        _hub.PublishLive(new ErrorMessage { Stream = _hub.Name, Message = message });
        return ValueTask.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(StreamEventIds.SegmentCompleted, LogLevel.Information,
            "Transcribed [{Start:0.00}s → {End:0.00}s] (connection {Epoch}): {Text}", EventName = "StreamSegmentCompleted")]
        public static partial void SegmentCompleted(ILogger logger, double start, double end, int epoch, string text);

        [LoggerMessage(StreamEventIds.LanguageDetected, LogLevel.Debug,
            "Language detected: {Language} ({Probability:0.00})", EventName = "StreamLanguageDetected")]
        public static partial void LanguageDetected(ILogger logger, string language, double probability);

        [LoggerMessage(StreamEventIds.WindowFailed, LogLevel.Warning,
            "A window of the stream could not be transcribed: {ErrorMessage}", EventName = "StreamWindowFailed")]
        public static partial void WindowFailed(ILogger logger, string errorMessage);
    }
}
