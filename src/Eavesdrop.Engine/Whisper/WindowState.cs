using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.Engine.Whisper;

/// <summary>Progress of one request through its 30 s windows (whisper's transcribe loop state).</summary>
internal sealed class WindowState
{
    public WindowState(TranscriptionRequest request, float[] mel, int contentFrames, List<int> promptTokens, int[] hotwordTokens, Random random)
    {
        Request = request;
        Mel = mel;
        ContentFrames = contentFrames;
        AllTokens = promptTokens;
        HotwordTokens = hotwordTokens;
        Random = random;
    }

    public TranscriptionRequest Request { get; }

    public DecodingOptions Options => Request.Options;

    /// <summary>Row-major [mels, <see cref="ContentFrames"/>].</summary>
    public float[] Mel { get; }

    public int ContentFrames { get; }

    public int Seek { get; set; }

    /// <summary>Prompt and every decoded token so far (condition on previous text).</summary>
    public List<int> AllTokens { get; }

    public int PromptResetSince { get; set; }

    public int[] HotwordTokens { get; }

    public Random Random { get; }

    public int LanguageToken { get; set; } = -1;

    public string? Language { get; set; }

    public float? LanguageProbability { get; set; }

    public List<EngineSegment> Segments { get; } = [];

    public bool Done => Seek >= ContentFrames;

    public int SegmentFrames => Math.Min(Audio.LogMelSpectrogram.FramesPer30Seconds, ContentFrames - Seek);
}
