using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Protocol;
using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Inference;
using Eavesdrop.Server.Sessions;
using Eavesdrop.Server.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eavesdrop.Server.Tests.Sessions;

/// <summary>A session on the fake engine and energy VAD, with its loop running.</summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private readonly bool _ownsScheduler;

    /// <param name="scheduler">Share another harness's scheduler (and engine) instead of owning one.</param>
    public SessionHarness(SourceMode mode = SourceMode.Live, int sendLastN = 10, FakeSpeechEngine? engine = null, StreamingOptions? streaming = null, bool vad = true, InferenceScheduler? scheduler = null)
    {
        Engine = engine ?? (scheduler?.Engine as FakeSpeechEngine) ?? new FakeSpeechEngine();
        _ownsScheduler = scheduler is null;
        Scheduler = scheduler ?? new InferenceScheduler(Engine, 1, 4, NullLogger<InferenceScheduler>.Instance);
        Session = new TranscriptionSession(
            "test",
            new SessionSettings
            {
                Decoding = DecodingOptions.Default,
                SendLastNSegments = sendLastN,
                Mode = mode,
                Streaming = streaming ?? new StreamingOptions { IntervalSeconds = 0 },
                SpeechPadSeconds = 0.1,
            },
            Scheduler,
            vad ? new EnergyVoiceActivityDetector() : null,
            Sink,
            TimeProvider.System,
            NullLogger.Instance);
        Loop = Session.RunAsync(_stop.Token);
    }

    public FakeSpeechEngine Engine { get; }

    public InferenceScheduler Scheduler { get; }

    public TranscriptionSession Session { get; }

    public RecordingSink Sink { get; } = new();

    public Task Loop { get; }

    public async Task SendAsync(float[] audio, double chunkSeconds = 0.1)
    {
        foreach (var chunk in TestAudio.Chunks(audio, chunkSeconds))
        {
            await Session.AppendAudioAsync(chunk);
        }
    }

    public async Task EndAsync()
    {
        await Session.EndOfAudioAsync();
        await Loop.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Loop;
        }
        catch (OperationCanceledException)
        {
        }

        await Session.DisposeAsync();
        if (_ownsScheduler)
        {
            await Scheduler.DisposeAsync();
        }

        _stop.Dispose();
    }
}
