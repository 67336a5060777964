using Eavesdrop.Client;
using Eavesdrop.Protocol;

namespace Eavesdrop.Cli.Client;

/// <summary><c>eavesdrop client subscribe</c>: prints the transcriptions and status changes of RTSP streams until Ctrl+C.</summary>
internal sealed class SubscribeRunner(IReadOnlyList<string> streamNames, Uri serverUri, string? apiKey, bool json, TextWriter output, TextWriter error)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var printer = new SegmentWriter(output, json);
        try
        {
            var client = new SubscriberClient(new SubscriberClientOptions { StreamNames = streamNames, ServerUri = serverUri, ApiKey = apiKey });
            await using (client.ConfigureAwait(false))
            {
                await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
                await error.WriteLineAsync($"subscribed to {string.Join(", ", streamNames)} at {serverUri} (Ctrl+C to stop)").ConfigureAwait(false);
                await foreach (var update in client.ReadUpdatesAsync(cancellationToken).ConfigureAwait(false))
                {
                    switch (update.Message)
                    {
                        case TranscriptionMessage transcription:
                            foreach (var segment in update.NewlyCompleted)
                            {
                                printer.Write(segment, transcription.Stream);
                            }

                            break;
                        case StreamStatusMessage status:
                            var detail = status.Message is { Length: > 0 } m ? $" ({m})" : "";
                            await output.WriteLineAsync($"[{status.Stream}] status: {StatusText(status.Status)}{detail}").ConfigureAwait(false);
                            break;
                        case ErrorMessage serverError:
                            await error.WriteLineAsync($"eavesdrop: the server reported an error: {serverError.Message}").ConfigureAwait(false);
                            return ExitCodes.Failure;
                        case DisconnectMessage disconnect:
                            await error.WriteLineAsync($"disconnected{(disconnect.Message is { Length: > 0 } text ? ": " + text : "")}").ConfigureAwait(false);
                            return ExitCodes.Success;
                    }
                }

                await error.WriteLineAsync("eavesdrop: the server closed the connection.").ConfigureAwait(false);
                return ExitCodes.Failure;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Success; // Ctrl+C is how a subscription ends
        }
        catch (EavesdropClientException ex)
        {
            await error.WriteLineAsync($"eavesdrop: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    private static string StatusText(StreamStatus status) => status switch
    {
        StreamStatus.Online => "online",
        StreamStatus.Offline => "offline",
        _ => "error",
    };
}
