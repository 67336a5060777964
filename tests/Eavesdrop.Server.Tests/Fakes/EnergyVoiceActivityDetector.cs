using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.Server.Tests.Fakes;

/// <summary>A VAD double for policy tests: a frame is speech when its RMS is above 0.02. Silero itself is tested on real audio.</summary>
internal sealed class EnergyVoiceActivityDetector : IVoiceActivityDetector
{
    public int FrameSize => 512;

    public IVoiceActivityStream OpenStream() => new Stream();

    public void Dispose()
    {
    }

    private sealed class Stream : IVoiceActivityStream
    {
        public float SpeechProbability(ReadOnlySpan<float> frame)
        {
            double sum = 0;
            foreach (var x in frame)
            {
                sum += x * x;
            }

            return Math.Sqrt(sum / frame.Length) > 0.02 ? 1f : 0f;
        }

        public void Reset()
        {
        }

        public void Dispose()
        {
        }
    }
}
