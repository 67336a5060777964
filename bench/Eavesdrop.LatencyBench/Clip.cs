using Eavesdrop.Client.Audio;
using Eavesdrop.Protocol;

namespace Eavesdrop.LatencyBench;

/// <summary>Audio to stream (16 kHz mono) and where its speech ends; <see cref="SpeechEndSeconds"/> is null for silence.</summary>
internal sealed record Clip(string Name, float[] Samples, double? SpeechEndSeconds)
{
    private const int SampleRate = ProtocolConstants.SampleRateHz;

    public double Seconds => (double)Samples.Length / SampleRate;

    /// <summary>Index of the last sample at or before the speech end.</summary>
    public int SpeechEndSample => SpeechEndSeconds is { } end ? (int)Math.Ceiling(end * SampleRate) - 1 : -1;

    /// <summary>Decodes <paramref name="path"/>, finds where speech ends and appends <paramref name="padding"/> of digital silence.</summary>
    public static async Task<Clip> LoadSpeechAsync(string path, TimeSpan padding, CancellationToken cancellationToken = default)
    {
        var speech = await new FfmpegAudioDecoder().DecodeAllAsync(path, cancellationToken);
        var samples = new float[speech.Length + (int)(padding.TotalSeconds * SampleRate)];
        speech.CopyTo(samples, 0);
        return new Clip(Path.GetFileName(path), samples, SpeechDetector.FindSpeechEndSeconds(speech, SampleRate));
    }

    public static Clip Silence(TimeSpan duration) =>
        new("silence", new float[(int)(duration.TotalSeconds * SampleRate)], null);
}
