using System.Text.Json.Serialization;

namespace Eavesdrop.Protocol;

/// <summary>The <c>options.task</c> of a session.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TranscriptionTask>))]
public enum TranscriptionTask
{
    [JsonStringEnumMemberName("transcribe")]
    Transcribe,

    /// <summary>Translate to English; needs a multilingual model.</summary>
    [JsonStringEnumMemberName("translate")]
    Translate,
}
