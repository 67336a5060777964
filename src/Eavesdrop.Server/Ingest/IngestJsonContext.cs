using System.Text.Json.Serialization;

namespace Eavesdrop.Server.Ingest;

/// <summary>Source-generated JSON for the ingest status (snake_case names and enum values).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StreamStatus))]
[JsonSerializable(typeof(IReadOnlyList<StreamStatus>))]
internal sealed partial class IngestJsonContext : JsonSerializerContext;
