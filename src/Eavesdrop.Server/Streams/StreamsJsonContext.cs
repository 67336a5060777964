using System.Text.Json.Serialization;

namespace Eavesdrop.Server.Streams;

/// <summary>Source-generated JSON for <c>GET /status</c> (snake_case names and enum values, like the ingest status).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = true)]
[JsonSerializable(typeof(ServerStatusReport))]
internal sealed partial class StreamsJsonContext : JsonSerializerContext;
