using Eavesdrop.Tests.Common;

namespace Eavesdrop.Server.Tests.Ingest.Integration;

/// <summary>Audio material for the ingest integration tests.</summary>
internal static class IngestTestAudio
{
    /// <summary>1 s of a 440 Hz sine at half scale, 16 kHz mono s16 (exactly 440 cycles, so it loops seamlessly).</summary>
    public static string Tone440Wav => Path.Combine(TestPaths.RepoRoot, "tests", "fixtures", "audio", "tone-440hz-16k-1s.wav");

    public const double Tone440Frequency = 440;

    /// <summary>RMS of a half-scale sine in s16: 0.5 × 32767 / √2.</summary>
    public static readonly double Tone440Rms = 0.5 * 32767 / Math.Sqrt(2);
}
