using System.Text.Json.Serialization;

namespace Eavesdrop.Protocol;

/// <summary>The <c>status</c> of a <see cref="StreamStatusMessage"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StreamStatus>))]
public enum StreamStatus
{
    [JsonStringEnumMemberName("online")]
    Online,

    [JsonStringEnumMemberName("offline")]
    Offline,

    [JsonStringEnumMemberName("error")]
    Error,
}
