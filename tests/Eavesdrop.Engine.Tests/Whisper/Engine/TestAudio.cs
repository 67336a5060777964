namespace Eavesdrop.Engine.Tests.Whisper.Engine;

/// <summary>Deterministic 16 kHz test signals (the synthetic models only need varied input).</summary>
internal static class TestAudio
{
    public static float[] Tones(double seconds, int seed)
    {
        var random = new Random(seed);
        var samples = new float[(int)(seconds * 16000)];
        double f1 = 150 + random.Next(400), f2 = 900 + random.Next(1500);
        for (int i = 0; i < samples.Length; i++)
        {
            double t = i / 16000.0;
            double envelope = 0.5 + 0.5 * Math.Sin(2 * Math.PI * (0.5 + seed % 3) * t);
            samples[i] = (float)(envelope * (0.3 * Math.Sin(2 * Math.PI * f1 * t) + 0.2 * Math.Sin(2 * Math.PI * f2 * t)) + 0.05 * (random.NextDouble() - 0.5));
        }

        return samples;
    }
}
