namespace Eavesdrop.Client;

/// <summary>The one exception of the client library; <see cref="Code"/> says what went wrong.</summary>
public sealed class EavesdropClientException : Exception
{
    public EavesdropClientException(ClientErrorCode code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    public ClientErrorCode Code { get; }

    /// <summary>True when trying again later may succeed (server down or connection lost).</summary>
    public bool IsTransient => Code is ClientErrorCode.Unreachable or ClientErrorCode.ConnectionLost or ClientErrorCode.Timeout;
}
