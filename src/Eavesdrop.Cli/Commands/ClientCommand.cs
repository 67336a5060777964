using System.CommandLine;
using System.CommandLine.Parsing;
using Eavesdrop.Cli.Client;
using Eavesdrop.Client;
using Eavesdrop.Protocol;

namespace Eavesdrop.Cli.Commands;

/// <summary><c>eavesdrop client</c>: talk to a running server (stream a file, subscribe to RTSP streams, health check).</summary>
internal static class ClientCommand
{
    public static Command Create() => new("client", "Talk to a running Eavesdrop server.")
    {
        CreateStream(),
        CreateSubscribe(),
        CreateHealth(),
    };

    private static Option<string> UrlOption() => new("--url")
    {
        Description = "The server's WebSocket address.",
        DefaultValueFactory = _ => ServerAddress.Default,
        Validators =
        {
            result =>
            {
                if (!ServerAddress.TryParse(result.GetValueOrDefault<string>(), out _, out var error))
                {
                    result.AddError($"--url: {error}");
                }
            },
        },
    };

    private static Option<string?> ApiKeyOption() => new("--api-key")
    {
        Description = "API key, sent as 'Authorization: Bearer KEY' (default: the EAVESDROP_API_KEY environment variable).",
    };

    private static Uri GetUri(ParseResult parseResult, Option<string> url)
    {
        ServerAddress.TryParse(parseResult.GetValue(url), out var uri, out _);
        return uri;
    }

    private static string? GetApiKey(ParseResult parseResult, Option<string?> apiKey) =>
        parseResult.GetValue(apiKey) ?? (Environment.GetEnvironmentVariable("EAVESDROP_API_KEY") is { Length: > 0 } key ? key : null);

    private static Command CreateStream()
    {
        var file = new Argument<string>("FILE") { Description = "An audio file (WAV, or anything ffmpeg decodes)." };
        var url = UrlOption();
        var apiKey = ApiKeyOption();
        var realtime = new Option<bool>("--realtime") { Description = "Send the audio no faster than it plays (the default)." };
        var fast = new Option<bool>("--fast") { Description = "Send the audio as fast as the connection takes it." };
        var fileMode = new Option<bool>("--file-mode") { Description = "Send the file's raw bytes for the server to decode (source_mode: file)." };
        var language = new Option<string?>("--language") { Description = "The spoken language (e.g. en); auto-detected when absent." };
        var model = new Option<string?>("--model") { Description = "A model the server has loaded; the server's default when absent." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per completed segment." };

        var command = new Command("stream", "Stream an audio file to the server and print each segment once, when it completes.")
        {
            file, url, apiKey, realtime, fast, fileMode, language, model, json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(realtime) && result.GetValue(fast))
            {
                result.AddError("--realtime and --fast cannot be combined.");
            }
        });
        command.SetAction((parseResult, cancellationToken) =>
        {
            var settings = new StreamSettings
            {
                FilePath = parseResult.GetRequiredValue(file),
                ServerUri = GetUri(parseResult, url),
                ApiKey = GetApiKey(parseResult, apiKey),
                Pacing = parseResult.GetValue(fast) ? AudioPacing.AsFastAsPossible : AudioPacing.RealTime,
                FileMode = parseResult.GetValue(fileMode),
                Language = parseResult.GetValue(language),
                Model = parseResult.GetValue(model),
                Json = parseResult.GetValue(json),
            };
            var config = parseResult.InvocationConfiguration;
            return new StreamRunner(settings, config.Output, config.Error).RunAsync(cancellationToken);
        });
        return command;
    }

    private static Command CreateSubscribe()
    {
        var names = new Argument<string[]>("NAME") { Description = "RTSP stream names from the server's configuration.", Arity = ArgumentArity.OneOrMore };
        var url = UrlOption();
        var apiKey = ApiKeyOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object per completed segment." };
        var command = new Command("subscribe", "Print the transcriptions and status changes of RTSP streams until Ctrl+C.")
        {
            names, url, apiKey, json,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var streamNames = ClientKinds.ParseStreamNames(string.Join(',', parseResult.GetRequiredValue(names)));
            var config = parseResult.InvocationConfiguration;
            return new SubscribeRunner(streamNames, GetUri(parseResult, url), GetApiKey(parseResult, apiKey), parseResult.GetValue(json), config.Output, config.Error)
                .RunAsync(cancellationToken);
        });
        return command;
    }

    private static Command CreateHealth()
    {
        var url = UrlOption();
        var apiKey = ApiKeyOption();
        var command = new Command("health", "Check that the server accepts connections; exit code 0 when healthy.")
        {
            url, apiKey,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var config = parseResult.InvocationConfiguration;
            var result = await HealthCheckClient.CheckAsync(GetUri(parseResult, url), GetApiKey(parseResult, apiKey), cancellationToken: cancellationToken).ConfigureAwait(false);
            var elapsed = $"{result.Elapsed.TotalMilliseconds:0} ms";
            if (result.IsHealthy)
            {
                await config.Output.WriteLineAsync($"healthy: {result.Detail} ({elapsed})").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await config.Error.WriteLineAsync($"eavesdrop: unhealthy: {result.Detail}").ConfigureAwait(false);
            return ExitCodes.Failure;
        });
        return command;
    }
}
