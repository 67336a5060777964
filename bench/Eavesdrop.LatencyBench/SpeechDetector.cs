namespace Eavesdrop.LatencyBench;

/// <summary>An energy threshold on 20 ms frames: good enough to find where a clean recording's speech ends.</summary>
internal static class SpeechDetector
{
    private const double FrameSeconds = 0.02;

    /// <summary>Relative to the loudest frame: −30 dB in RMS.</summary>
    private const double RelativeThreshold = 0.0316;

    public static double FindSpeechEndSeconds(float[] samples, int sampleRate)
    {
        var frame = (int)(FrameSeconds * sampleRate);
        var frameCount = samples.Length / frame;
        var rms = new double[frameCount];
        for (var f = 0; f < frameCount; f++)
        {
            double sum = 0;
            for (var i = f * frame; i < (f + 1) * frame; i++)
            {
                sum += samples[i] * (double)samples[i];
            }

            rms[f] = Math.Sqrt(sum / frame);
        }

        var threshold = rms.DefaultIfEmpty(0).Max() * RelativeThreshold;
        var last = Array.FindLastIndex(rms, r => r > threshold);
        return last < 0 ? 0 : (last + 1) * FrameSeconds;
    }
}
