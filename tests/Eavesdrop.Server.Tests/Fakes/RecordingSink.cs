using System.Collections.Concurrent;
using Eavesdrop.Server.Sessions;

namespace Eavesdrop.Server.Tests.Fakes;

/// <summary>Collects what a session publishes.</summary>
internal sealed class RecordingSink : ISessionSink
{
    public ConcurrentQueue<SessionTranscription> Transcriptions { get; } = new();

    public ConcurrentQueue<(string Language, double Probability)> Languages { get; } = new();

    public IEnumerable<SessionSegment> Completed => Transcriptions.SelectMany(t => t.NewlyCompleted);

    public ValueTask OnTranscriptionAsync(SessionTranscription transcription, CancellationToken cancellationToken)
    {
        Transcriptions.Enqueue(transcription);
        return ValueTask.CompletedTask;
    }

    public ConcurrentQueue<string> Errors { get; } = new();

    public ValueTask OnErrorAsync(string message, CancellationToken cancellationToken)
    {
        Errors.Enqueue(message);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnLanguageDetectedAsync(string language, double probability, CancellationToken cancellationToken)
    {
        Languages.Enqueue((language, probability));
        return ValueTask.CompletedTask;
    }
}
