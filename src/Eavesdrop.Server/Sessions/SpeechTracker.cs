using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.Server.Sessions;

/// <summary>
/// Runs the voice-activity model over a session's audio as it arrives and remembers where speech
/// was, so the policy can skip silence (it never reaches the engine) and finish an utterance when
/// the speaker pauses. Without a VAD every sample counts as speech.
/// </summary>
internal sealed class SpeechTracker : IDisposable
{
    private readonly IVoiceActivityStream? _stream;
    private readonly int _frameSize;
    private readonly float _threshold;
    private readonly float[] _frame;
    private int _frameFill;
    private long _processed;

    public SpeechTracker(IVoiceActivityDetector? detector, double threshold)
    {
        _stream = detector?.OpenStream();
        _frameSize = detector?.FrameSize ?? 512;
        _threshold = (float)threshold;
        _frame = new float[_frameSize];
        LastSpeechEnd = -1;
    }

    /// <summary>Absolute sample index one past the last frame judged to be speech; -1 if none yet.</summary>
    public long LastSpeechEnd { get; private set; }

    /// <summary>Absolute index of the first speech frame since the last <see cref="Reset"/>; -1 if none.</summary>
    public long FirstSpeechStart { get; private set; } = -1;

    /// <summary>Speech frames seen in total (for statistics).</summary>
    public long SpeechFrames { get; private set; }

    public long FramesProcessed { get; private set; }

    public bool HasSpeechAfter(long absoluteIndex) => LastSpeechEnd > absoluteIndex;

    public void Process(ReadOnlySpan<float> samples)
    {
        while (!samples.IsEmpty)
        {
            var take = Math.Min(_frameSize - _frameFill, samples.Length);
            samples[..take].CopyTo(_frame.AsSpan(_frameFill));
            _frameFill += take;
            samples = samples[take..];
            if (_frameFill == _frameSize)
            {
                var frameStart = _processed;
                _processed += _frameSize;
                _frameFill = 0;
                FramesProcessed++;
                var isSpeech = _stream is null || _stream.SpeechProbability(_frame) >= _threshold;
                if (isSpeech)
                {
                    SpeechFrames++;
                    LastSpeechEnd = _processed;
                    if (FirstSpeechStart < 0)
                    {
                        FirstSpeechStart = frameStart;
                    }
                }
            }
        }
    }

    /// <summary>Restarts tracking at <paramref name="start"/> (a new recording epoch, or a cancel).</summary>
    public void Reset(long start)
    {
        _stream?.Reset();
        _frameFill = 0;
        _processed = start;
        LastSpeechEnd = -1;
        FirstSpeechStart = -1;
    }

    public void Dispose() => _stream?.Dispose();
}
