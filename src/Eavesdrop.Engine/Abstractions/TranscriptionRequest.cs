namespace Eavesdrop.Engine.Abstractions;

/// <summary>One window of 16 kHz mono audio to transcribe, with the session's decoding options.</summary>
public sealed record TranscriptionRequest(ReadOnlyMemory<float> Audio, DecodingOptions Options)
{
    public const int SampleRate = 16000;
}
