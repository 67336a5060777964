namespace Eavesdrop.Protocol;

/// <summary>HTTP headers of the WebSocket upgrade (names compare case-insensitively).</summary>
public static class ProtocolHeaders
{
    /// <summary>One of <see cref="ClientKinds"/>; absent means transcriber.</summary>
    public const string ClientType = "X-Client-Type";

    /// <summary>Comma-separated RTSP stream names of an <c>rtsp_subscriber</c>.</summary>
    public const string StreamNames = "X-Stream-Names";

    /// <summary>Carries <c>Bearer KEY</c> when the server requires an API key.</summary>
    public const string Authorization = "Authorization";

    public const string BearerScheme = "Bearer";
}
