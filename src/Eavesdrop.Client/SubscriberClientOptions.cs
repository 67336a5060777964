namespace Eavesdrop.Client;

/// <summary>Settings of a <see cref="SubscriberClient"/>.</summary>
public sealed record SubscriberClientOptions
{
    /// <summary>The RTSP stream names to watch (sent as <c>X-Stream-Names</c>).</summary>
    public required IReadOnlyList<string> StreamNames { get; init; }

    public Uri ServerUri { get; init; } = EavesdropClientDefaults.ServerUri;

    public string? ApiKey { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = EavesdropClientDefaults.ConnectTimeout;
}
