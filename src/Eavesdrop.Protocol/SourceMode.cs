using System.Text.Json.Serialization;

namespace Eavesdrop.Protocol;

/// <summary>The <c>options.source_mode</c> of a session.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SourceMode>))]
public enum SourceMode
{
    /// <summary>Float32 samples streamed as they are captured.</summary>
    [JsonStringEnumMemberName("live")]
    Live,

    /// <summary>The raw bytes of an audio file the server decodes with ffmpeg.</summary>
    [JsonStringEnumMemberName("file")]
    File,
}
