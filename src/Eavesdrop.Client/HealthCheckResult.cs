namespace Eavesdrop.Client;

/// <summary>The outcome of <see cref="HealthCheckClient.CheckAsync"/>.</summary>
/// <param name="IsHealthy">The server accepted a <c>health_check</c> connection and did not answer with an error.</param>
/// <param name="Elapsed">From the start of the connect to the verdict.</param>
/// <param name="Detail">What happened, for a person to read.</param>
public readonly record struct HealthCheckResult(bool IsHealthy, TimeSpan Elapsed, string Detail);
