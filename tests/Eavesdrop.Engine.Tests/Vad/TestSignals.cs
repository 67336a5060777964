namespace Eavesdrop.Engine.Tests.Vad;

/// <summary>Synthetic 16 kHz signals that are certainly not speech.</summary>
internal static class TestSignals
{
    public const int SampleRate = 16000;

    public static float[] Silence(double seconds) => new float[(int)(seconds * SampleRate)];

    public static float[] WhiteNoise(double seconds, float amplitude, int seed)
    {
        var random = new Random(seed);
        var samples = new float[(int)(seconds * SampleRate)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)((random.NextDouble() * 2) - 1) * amplitude;
        }

        return samples;
    }

    public static float[] Sine(double seconds, double frequency, float amplitude)
    {
        var samples = new float[(int)(seconds * SampleRate)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = amplitude * (float)Math.Sin(2 * Math.PI * frequency * i / SampleRate);
        }

        return samples;
    }
}
