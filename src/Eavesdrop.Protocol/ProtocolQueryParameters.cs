namespace Eavesdrop.Protocol;

/// <summary>Query parameters that stand in for the upgrade headers (browsers cannot set headers).</summary>
public static class ProtocolQueryParameters
{
    /// <summary>Same values as <see cref="ProtocolHeaders.ClientType"/>.</summary>
    public const string ClientType = "client_type";

    /// <summary>Same value as <see cref="ProtocolHeaders.StreamNames"/>.</summary>
    public const string Streams = "streams";

    /// <summary>The API key, as with <c>Authorization: Bearer</c>.</summary>
    public const string Token = "token";
}
