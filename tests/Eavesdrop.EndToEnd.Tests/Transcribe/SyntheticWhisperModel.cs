using Eavesdrop.Tests.Common.Whisper;

namespace Eavesdrop.EndToEnd.Tests.Transcribe;

/// <summary>
/// Class fixture: a random-weight Whisper model in the Hugging Face export layout (test size,
/// fp32, merged decoder), generated once per machine by tools/whisper-synth.
/// </summary>
public sealed class SyntheticWhisperModel
{
    public string Directory { get; } = SyntheticWhisperModels.Generate("--size", "test", "--variants", "fp32", "--decoders", "merged");
}
