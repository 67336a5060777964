namespace Eavesdrop.Protocol;

/// <summary>C→S: a liveness probe of a <c>health_check</c> client.</summary>
public sealed record HealthCheckMessage() : ProtocolMessage(MessageTypes.HealthCheck);
