namespace Eavesdrop.Client;

/// <summary>Why a client operation failed (see <see cref="EavesdropClientException"/>).</summary>
public enum ClientErrorCode
{
    /// <summary>No server answered at the address (refused, DNS, timeout).</summary>
    Unreachable,

    /// <summary>The server refused the upgrade with 401: a missing or wrong API key.</summary>
    Unauthorized,

    /// <summary>The server refused the WebSocket upgrade with another HTTP status.</summary>
    UpgradeRejected,

    /// <summary>The server sent an <c>error</c> message where the client needed an answer.</summary>
    ServerError,

    /// <summary>The server sent something the protocol does not allow (bad JSON, unexpected message).</summary>
    ProtocolViolation,

    /// <summary>The connection dropped without a close handshake.</summary>
    ConnectionLost,

    /// <summary>The server did not answer in time.</summary>
    Timeout,
}
