using Eavesdrop.Client;
using Eavesdrop.Client.Audio;
using Eavesdrop.Protocol;

namespace Eavesdrop.Cli.Client;

/// <summary>
/// <c>eavesdrop client stream</c>: streams a file to the server and prints each segment once,
/// when it completes; exits after the server's <c>disconnect</c>.
/// </summary>
internal sealed class StreamRunner(StreamSettings settings, TextWriter output, TextWriter error, TimeProvider? timeProvider = null)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(settings.FilePath))
        {
            await error.WriteLineAsync($"eavesdrop: file not found: {settings.FilePath}").ConfigureAwait(false);
            return ExitCodes.BadArguments;
        }

        var options = new TranscriberClientOptions
        {
            ServerUri = settings.ServerUri,
            ApiKey = settings.ApiKey,
            SessionOptions = new SessionOptionsMessage
            {
                SourceMode = settings.FileMode ? SourceMode.File : null,
                Language = settings.Language,
                Model = settings.Model,
            },
        };

        try
        {
            var client = new TranscriberClient(options, timeProvider);
            await using (client.ConfigureAwait(false))
            {
                var ready = await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
                await error.WriteLineAsync($"connected to {settings.ServerUri} (backend {ready.Backend}, stream {client.Stream})").ConfigureAwait(false);

                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var receiving = ReceiveAsync(client, stop.Token);
                var sending = SendAsync(client, stop.Token);
                var first = await Task.WhenAny(receiving, sending).ConfigureAwait(false);
                if (first == receiving)
                {
                    // The server finished (or failed) before all the audio was sent: stop sending.
                    await stop.CancelAsync().ConfigureAwait(false);
                    await Task.WhenAny(sending).ConfigureAwait(false);
                    var exitCode = await receiving.ConfigureAwait(false);
                    if (exitCode == ExitCodes.Success && !sending.IsCompletedSuccessfully)
                    {
                        await error.WriteLineAsync("eavesdrop: the server ended the session before all the audio was sent.").ConfigureAwait(false);
                        return ExitCodes.Failure;
                    }

                    return exitCode;
                }

                try
                {
                    await sending.ConfigureAwait(false);
                }
                catch
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                    await Task.WhenAny(receiving).ConfigureAwait(false);
                    throw;
                }

                return await receiving.ConfigureAwait(false);
            }
        }
        catch (EavesdropClientException ex)
        {
            await error.WriteLineAsync($"eavesdrop: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (AudioDecodingException ex)
        {
            await error.WriteLineAsync($"eavesdrop: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    private async Task SendAsync(TranscriberClient client, CancellationToken cancellationToken)
    {
        if (settings.FileMode)
        {
            await client.SendFileAsync(settings.FilePath, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await client.StartRecordingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var chunks = new FfmpegAudioDecoder().DecodeAsync(settings.FilePath, cancellationToken: cancellationToken);
            await client.SendAudioAsync(chunks, settings.Pacing, cancellationToken).ConfigureAwait(false);
        }

        await client.SendEndOfAudioAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> ReceiveAsync(TranscriberClient client, CancellationToken cancellationToken)
    {
        var printer = new SegmentWriter(output, settings.Json);
        Segment? lastTail = null;
        var disconnected = false;
        await foreach (var update in client.ReadUpdatesAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var segment in update.NewlyCompleted)
            {
                printer.Write(segment);
            }

            switch (update.Message)
            {
                case TranscriptionMessage:
                    lastTail = update.Tail;
                    break;
                case LanguageDetectionMessage language:
                    await error.WriteLineAsync($"language: {language.Language} (p={language.LanguageProb:0.00})").ConfigureAwait(false);
                    break;
                case ErrorMessage serverError:
                    await error.WriteLineAsync($"eavesdrop: the server reported an error: {serverError.Message}").ConfigureAwait(false);
                    return ExitCodes.Failure;
                case DisconnectMessage disconnect:
                    disconnected = true;
                    if (disconnect.Message is { Length: > 0 } text)
                    {
                        await error.WriteLineAsync($"disconnected: {text}").ConfigureAwait(false);
                    }

                    break;
            }
        }

        // A server that ends without completing its tail still said it: print it rather than lose it.
        if (lastTail is { Text.Length: > 0 } && !string.IsNullOrWhiteSpace(lastTail.Text))
        {
            printer.Write(lastTail);
        }

        if (!disconnected)
        {
            await error.WriteLineAsync("eavesdrop: the server closed the connection without 'disconnect'.").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;
    }
}
