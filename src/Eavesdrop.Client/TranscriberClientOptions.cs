using Eavesdrop.Protocol;

namespace Eavesdrop.Client;

/// <summary>Settings of a <see cref="TranscriberClient"/>.</summary>
public sealed record TranscriberClientOptions
{
    /// <summary>The server's WebSocket address (default <c>ws://127.0.0.1:9090/</c>).</summary>
    public Uri ServerUri { get; init; } = EavesdropClientDefaults.ServerUri;

    /// <summary>Sent as <c>Authorization: Bearer KEY</c> when set.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The stream id of the session; a fresh one when null.</summary>
    public string? Stream { get; init; }

    /// <summary>The <c>options</c> of the <c>setup</c> message (source mode, language, model, …).</summary>
    public SessionOptionsMessage? SessionOptions { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = EavesdropClientDefaults.ConnectTimeout;

    /// <summary>How long to wait for <c>server_ready</c>.</summary>
    public TimeSpan ReadyTimeout { get; init; } = EavesdropClientDefaults.ReadyTimeout;
}
