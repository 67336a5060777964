using Eavesdrop.Protocol;

namespace Eavesdrop.Client;

/// <summary>Defaults shared by the clients.</summary>
public static class EavesdropClientDefaults
{
    /// <summary><c>ws://127.0.0.1:9090/</c>, the server's default listen address.</summary>
    public static Uri ServerUri { get; } = new($"ws://127.0.0.1:{ProtocolConstants.DefaultPort}/");

    public static TimeSpan ConnectTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for <c>server_ready</c> after <c>setup</c>.</summary>
    public static TimeSpan ReadyTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest JSON message the client accepts from the server.</summary>
    public const int MaxMessageBytes = 16 * 1024 * 1024;
}
