using Eavesdrop.Client.Transport;
using Eavesdrop.Protocol;

namespace Eavesdrop.Client;

/// <summary>Probes a server with a <c>health_check</c> connection.</summary>
public static class HealthCheckClient
{
    /// <summary>How long to wait for an answer to the <c>health_check</c> message before calling the server healthy.</summary>
    public static TimeSpan DefaultAnswerWait { get; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Connects with <c>X-Client-Type: health_check</c>, sends a <c>health_check</c> message and
    /// waits up to <paramref name="answerWait"/> for an answer. Healthy unless the connection
    /// fails or the server answers <c>error</c>; never throws for a server problem (only for
    /// cancellation).
    /// </summary>
    public static async Task<HealthCheckResult> CheckAsync(
        Uri? serverUri = null,
        string? apiKey = null,
        TimeSpan? answerWait = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        serverUri ??= EavesdropClientDefaults.ServerUri;
        timeProvider ??= TimeProvider.System;
        var started = timeProvider.GetTimestamp();
        try
        {
            var connection = await ProtocolConnection.ConnectAsync(
                serverUri, ClientKind.HealthCheck, streamNames: null, apiKey, EavesdropClientDefaults.ConnectTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await connection.SendAsync(new HealthCheckMessage { Timestamp = connection.Now() }, cancellationToken).ConfigureAwait(false);
                using var wait = new CancellationTokenSource(answerWait ?? DefaultAnswerWait, timeProvider);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, wait.Token);
                string detail;
                try
                {
                    var answer = await connection.ReceiveAsync(linked.Token).ConfigureAwait(false);
                    if (answer is ErrorMessage error)
                    {
                        return new HealthCheckResult(false, timeProvider.GetElapsedTime(started), $"server answered error: {error.Message}");
                    }

                    detail = answer is null ? "server accepted the health check and closed" : $"server answered '{answer.Type}'";
                }
                catch (OperationCanceledException) when (wait.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    detail = "server accepted the health check connection";
                }

                return new HealthCheckResult(true, timeProvider.GetElapsedTime(started), detail);
            }
        }
        catch (EavesdropClientException ex)
        {
            return new HealthCheckResult(false, timeProvider.GetElapsedTime(started), ex.Message);
        }
    }
}
