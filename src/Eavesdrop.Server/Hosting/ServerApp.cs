using Eavesdrop.Server.Configuration;

namespace Eavesdrop.Server.Hosting;

/// <summary>Entry point of <c>eavesdrop serve</c>: builds the host, runs until SIGINT/SIGTERM.</summary>
public static class ServerApp
{
    /// <summary>Runs the server; returns the process exit code.</summary>
    public static Task<int> RunAsync(EavesdropOptions options, LoggingSettings logging, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logging);
        throw new NotImplementedException("The server host arrives with the foundation issue.");
    }
}
