using System.CommandLine;
using System.Globalization;
using System.CommandLine.Parsing;
using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Hosting;
using Eavesdrop.Server.Hosting.Logging;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Cli.Commands;

/// <summary>
/// <c>eavesdrop serve</c>: loads and validates the configuration, sets up logging and runs the
/// server. Precedence: built-in defaults, then the YAML file, then flags given on the command line.
/// An invalid configuration is logged (one Critical line per problem) and exits 2 before anything starts.
/// </summary>
internal static class ServeCommand
{
    public static readonly IReadOnlyList<string> LogLevels = ["trace", "debug", "information", "warning", "error", "critical"];

    public static Command Create()
    {
        var config = new Option<string>("--config", "-c")
        {
            Description = "YAML configuration file. It must hold a top-level 'streams' mapping of name: rtsp://… URL "
                + "(use 'streams: {}' for none) and may hold the sections server, engine, transcription, streaming, vad, "
                + "rtsp and history. Without it the server serves WebSocket clients only.",
            HelpName = "file",
        };
        var host = new Option<string>("--host")
        {
            Description = "Address to listen on. Overrides server.host from the configuration file.",
            HelpName = "address",
            DefaultValueFactory = _ => new ServerOptions().Host,
        };
        host.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("--host must not be empty.");
            }
        });
        var port = new Option<int>("--port", "-p")
        {
            Description = "TCP port for WebSocket clients, 0-65535 (0 picks a free port, logged at start-up). "
                + "Overrides server.port from the configuration file.",
            HelpName = "port",
            DefaultValueFactory = _ => new ServerOptions().Port,
            CustomParser = ParsePort,
        };
        var engine = new Option<string>("--engine", "-e")
        {
            Description = "Speech engine loaded once at start-up: 'whisper' (ONNX Runtime, needs a model) or 'sphinx' "
                + "(PocketSphinx, English, works offline). Overrides engine.name; default whisper.",
        };
        engine.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, [.. ConfigurationSchema.EngineNames]);
        var model = new Option<string>("--model", "-m")
        {
            Description = "Model for the engine: for whisper a model directory or a name such as tiny.en or base; "
                + "for sphinx an optional acoustic model directory. Overrides engine.model.",
            HelpName = "model",
        };
        var jsonLogs = new Option<bool>("--json-logs")
        {
            Description = "Write logs as JSON, one object per line (Serilog compact format), instead of human-readable lines. Logs go to stderr.",
        };
        var logLevel = new Option<string>("--log-level")
        {
            Description = "Least severe log level written.",
            DefaultValueFactory = _ => "information",
        };
        logLevel.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, [.. LogLevels]);

        var command = new Command("serve", "Run the transcription server: WebSocket clients and the RTSP streams of the configuration file.")
        {
            config, host, port, engine, model, jsonLogs, logLevel,
        };

        command.SetAction((parseResult, cancellationToken) =>
        {
            var logging = new LoggingSettings(parseResult.GetValue(jsonLogs), ParseLogLevel(parseResult.GetValue(logLevel)));
            var overrides = new ServeOverrides(
                IsExplicit(parseResult, host) ? parseResult.GetValue(host) : null,
                IsExplicit(parseResult, port) ? parseResult.GetValue(port) : null,
                parseResult.GetValue(engine),
                parseResult.GetValue(model));
            return RunAsync(parseResult.GetValue(config), overrides, logging, cancellationToken);
        });
        return command;
    }

    /// <summary>Loads the configuration, applies the flags, and runs the server; returns the exit code.</summary>
    internal static async Task<int> RunAsync(string? configPath, ServeOverrides overrides, LoggingSettings logging, CancellationToken cancellationToken = default)
    {
        var options = LoadOptions(configPath, overrides, logging);
        if (options is null)
        {
            return ExitCodes.BadArguments;
        }

        return await ServerApp.RunAsync(options, logging, cancellationToken);
    }

    /// <summary>
    /// The options to run with, or null after logging every configuration problem. The logger used
    /// here is closed before the server starts, so the host's own logger is the only one from then on.
    /// </summary>
    internal static EavesdropOptions? LoadOptions(string? configPath, ServeOverrides overrides, LoggingSettings logging)
    {
        using var loggerFactory = LoggingSetup.CreateLoggerFactory(logging);
        var logger = loggerFactory.CreateLogger(ConfigurationDiagnostics.Category);

        var options = new EavesdropOptions();
        if (configPath is not null)
        {
            var result = ConfigurationLoader.Load(configPath);
            if (!result.Succeeded)
            {
                ConfigurationDiagnostics.LogErrors(logger, result.Errors);
                return null;
            }

            options = result.Options!;
        }

        options = overrides.ApplyTo(options);
        ConfigurationDiagnostics.LogLoaded(logger, options);
        return options;
    }

    /// <summary>Whether the option was typed on the command line (rather than taking its default).</summary>
    private static bool IsExplicit(ParseResult parseResult, Option option) =>
        parseResult.GetResult(option) is { Implicit: false };

    private static int ParsePort(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
        {
            result.AddError($"--port must be a whole number between 0 and 65535 (got '{text}').");
        }

        return port;
    }

    private static LogLevel ParseLogLevel(string? level) => level?.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        _ => LogLevel.Information,
    };
}
