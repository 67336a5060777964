namespace Eavesdrop.Server.Tests.Fakes;

/// <summary>Builds synthetic audio for policy tests: constant-level "words" and silence, 16 kHz.</summary>
internal static class TestAudio
{
    public static float[] Silence(double seconds) => new float[(int)(seconds * 16000)];

    /// <summary>A "word" for <see cref="FakeSpeechEngine"/>: a constant level, loud enough for the energy VAD.</summary>
    public static float[] Word(double seconds, float level) => Enumerable.Repeat(level, (int)(seconds * 16000)).ToArray();

    public static IEnumerable<float[]> Chunks(float[] audio, double chunkSeconds = 0.1)
    {
        var size = (int)(chunkSeconds * 16000);
        for (var i = 0; i < audio.Length; i += size)
        {
            yield return audio[i..Math.Min(audio.Length, i + size)];
        }
    }

    public static float[] Concat(params float[][] parts) => parts.SelectMany(p => p).ToArray();
}
