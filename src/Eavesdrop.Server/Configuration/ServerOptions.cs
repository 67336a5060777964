namespace Eavesdrop.Server.Configuration;

/// <summary>YAML section <c>server:</c> — listener and connection limits.</summary>
public sealed record ServerOptions
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 9090;

    /// <summary>Concurrent transcriber sessions; excess connections get an error and close 1013.</summary>
    public int MaxSessions { get; init; } = 64;

    /// <summary>Largest WebSocket message (text or binary) accepted, in bytes.</summary>
    public int MaxFrameBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>A transcriber that sends nothing for this long is disconnected; null = never.</summary>
    public TimeSpan? IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest session; null = unlimited.</summary>
    public TimeSpan? MaxSessionLength { get; init; }

    /// <summary>When set, clients must send <c>Authorization: Bearer KEY</c> or <c>?token=KEY</c>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>How long graceful shutdown waits for sessions and streams before cancelling them.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
