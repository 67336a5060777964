using System.Text.Json.Serialization;

namespace Eavesdrop.Protocol.Serialization;

/// <summary>Source-generated metadata for every wire type: snake_case names, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SetupMessage))]
[JsonSerializable(typeof(ServerReadyMessage))]
[JsonSerializable(typeof(ControlRecordingStartedMessage))]
[JsonSerializable(typeof(ControlFlushMessage))]
[JsonSerializable(typeof(ControlUtteranceCancelledMessage))]
[JsonSerializable(typeof(TranscriptionMessage))]
[JsonSerializable(typeof(LanguageDetectionMessage))]
[JsonSerializable(typeof(ErrorMessage))]
[JsonSerializable(typeof(DisconnectMessage))]
[JsonSerializable(typeof(StreamStatusMessage))]
[JsonSerializable(typeof(HealthCheckMessage))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext;
