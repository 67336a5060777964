namespace Eavesdrop.Engine.Abstractions;

/// <summary>
/// A loaded voice-activity model shared by all sessions; each session opens its own
/// <see cref="IVoiceActivityStream"/> because the model is stateful across frames.
/// </summary>
public interface IVoiceActivityDetector : IDisposable
{
    /// <summary>Samples (16 kHz) per frame that <see cref="IVoiceActivityStream.SpeechProbability"/> takes.</summary>
    int FrameSize { get; }

    IVoiceActivityStream OpenStream();
}

/// <summary>Per-session VAD state. Not thread-safe; one caller at a time.</summary>
public interface IVoiceActivityStream : IDisposable
{
    /// <summary>Speech probability (0..1) of one frame of exactly <see cref="IVoiceActivityDetector.FrameSize"/> samples.</summary>
    float SpeechProbability(ReadOnlySpan<float> frame);

    void Reset();
}
