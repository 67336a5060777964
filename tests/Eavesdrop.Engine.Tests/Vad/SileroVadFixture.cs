using Eavesdrop.Engine.Vad;

namespace Eavesdrop.Engine.Tests.Vad;

/// <summary>The real Silero v5 model from its default location (copied to the output by the Engine project).</summary>
public sealed class SileroVadFixture : IDisposable
{
    public SileroVadFixture()
    {
        Detector = SileroVoiceActivityDetector.Load(new SileroVadOptions());
    }

    internal SileroVoiceActivityDetector Detector { get; }

    public void Dispose() => Detector.Dispose();
}
