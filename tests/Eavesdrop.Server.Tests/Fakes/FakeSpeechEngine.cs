using System.Collections.Concurrent;
using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.Server.Tests.Fakes;

/// <summary>
/// A test double for the engine seam: every run of loud samples (a "word": a constant level
/// |x| ≥ 0.05 at least 0.2 s long, see <see cref="TestAudio.Word"/>) in the window becomes one
/// segment timed where the word is, whose text names the level ("w30" for 0.30). Lets policy tests check timing and ids exactly.
/// The real engines are tested against real speech elsewhere.
/// </summary>
internal sealed class FakeSpeechEngine : ISpeechEngine
{
    private int _calls;

    public string Name => "fake";

    public string ModelName { get; init; } = "fake-model";

    public EngineCapabilities Capabilities { get; init; } = new() { Languages = ["en"], MaxBatchSize = 8 };

    public int Calls => Volatile.Read(ref _calls);

    public ConcurrentQueue<int> BatchSizes { get; } = new();

    /// <summary>Length in seconds of every window the engine was given.</summary>
    public ConcurrentQueue<double> WindowSeconds { get; } = new();

    /// <summary>Blocks each call until released (for in-flight cancel tests).</summary>
    public SemaphoreSlim? Gate { get; init; }

    /// <summary>How many of the next calls throw, as a faulting model would.</summary>
    public int FailuresToThrow { get; set; }

    public IReadOnlyList<TranscriptionResult> Transcribe(IReadOnlyList<TranscriptionRequest> batch, CancellationToken cancellationToken)
    {
        Gate?.Wait(cancellationToken);
        if (FailuresToThrow > 0)
        {
            FailuresToThrow--;
            throw new EngineException("simulated engine fault");
        }

        Interlocked.Increment(ref _calls);
        BatchSizes.Enqueue(batch.Count);
        foreach (var request in batch)
        {
            WindowSeconds.Enqueue(request.Audio.Length / 16000.0);
        }

        return batch.Select(r => new TranscriptionResult { Segments = FindWords(r.Audio.Span), Language = "en", LanguageProbability = 0.99f }).ToList();
    }

    private static List<EngineSegment> FindWords(ReadOnlySpan<float> audio)
    {
        var segments = new List<EngineSegment>();
        var start = -1;
        for (var i = 0; i <= audio.Length; i++)
        {
            var loud = i < audio.Length && Math.Abs(audio[i]) >= 0.05f;
            if (loud && start < 0)
            {
                start = i;
            }
            else if (!loud && start >= 0)
            {
                if (i - start >= 3200)
                {
                    var level = Math.Round(Math.Abs(audio[start]) * 100);
                    segments.Add(new EngineSegment { Start = start / 16000.0, End = i / 16000.0, Text = $" w{level}" });
                }

                start = -1;
            }
        }

        return segments;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
