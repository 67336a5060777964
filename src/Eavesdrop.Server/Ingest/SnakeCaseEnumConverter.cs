using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eavesdrop.Server.Ingest;

/// <summary>Writes enum values as snake_case strings (<c>no_audio_stream</c>) in the status JSON.</summary>
internal sealed class SnakeCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    public SnakeCaseEnumConverter()
        : base(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    {
    }
}
