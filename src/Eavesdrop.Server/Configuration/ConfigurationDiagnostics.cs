using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Configuration;

/// <summary>
/// Log events of configuration loading. EventIds 1000–1099 belong to configuration.
/// Each problem is its own Critical event carrying <c>ConfigFile</c>, <c>KeyPath</c>, <c>Line</c>,
/// <c>Column</c> and <c>Problem</c> as properties (only those known), then one Error event sums up.
/// </summary>
internal static partial class ConfigurationDiagnostics
{
    /// <summary>Logger category for configuration events.</summary>
    public const string Category = "Eavesdrop.Configuration";

    public static void LogErrors(ILogger logger, IReadOnlyList<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var error in errors)
        {
            switch (error)
            {
                case { Line: { } line, KeyPath: { Length: > 0 } keyPath }:
                    Log.InvalidKey(logger, error.File, line, error.Column ?? 0, keyPath, error.Message);
                    break;
                case { Line: { } line }:
                    Log.InvalidAt(logger, error.File, line, error.Column ?? 0, error.Message);
                    break;
                case { KeyPath: { Length: > 0 } keyPath }:
                    Log.InvalidKeyNoPosition(logger, error.File, keyPath, error.Message);
                    break;
                default:
                    Log.Unusable(logger, error.File, error.Message);
                    break;
            }
        }

        Log.NotStarted(logger, errors.Count);
    }

    public static void LogLoaded(ILogger logger, EavesdropOptions options)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ConfigPath is null)
        {
            Log.NoConfiguration(logger);
        }
        else
        {
            Log.Loaded(logger, options.ConfigPath, options.Streams.Count, string.Join(", ", options.Streams.Select(s => s.Name)));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1000, EventName = "ConfigurationInvalid", Level = LogLevel.Critical,
            Message = "Invalid configuration {ConfigFile}:{Line}:{Column}: {KeyPath}: {Problem}")]
        public static partial void InvalidKey(ILogger logger, string configFile, int line, int column, string keyPath, string problem);

        [LoggerMessage(EventId = 1001, EventName = "ConfigurationInvalidAt", Level = LogLevel.Critical,
            Message = "Invalid configuration {ConfigFile}:{Line}:{Column}: {Problem}")]
        public static partial void InvalidAt(ILogger logger, string configFile, int line, int column, string problem);

        [LoggerMessage(EventId = 1002, EventName = "ConfigurationInvalidKey", Level = LogLevel.Critical,
            Message = "Invalid configuration {ConfigFile}: {KeyPath}: {Problem}")]
        public static partial void InvalidKeyNoPosition(ILogger logger, string configFile, string keyPath, string problem);

        [LoggerMessage(EventId = 1003, EventName = "ConfigurationUnusable", Level = LogLevel.Critical,
            Message = "Invalid configuration {ConfigFile}: {Problem}")]
        public static partial void Unusable(ILogger logger, string configFile, string problem);

        [LoggerMessage(EventId = 1004, EventName = "ConfigurationNotStarted", Level = LogLevel.Error,
            Message = "Not starting: the configuration has {ErrorCount} problem(s)")]
        public static partial void NotStarted(ILogger logger, int errorCount);

        [LoggerMessage(EventId = 1010, EventName = "ConfigurationLoaded", Level = LogLevel.Information,
            Message = "Loaded configuration {ConfigFile} with {StreamCount} stream(s): {StreamNames}")]
        public static partial void Loaded(ILogger logger, string configFile, int streamCount, string streamNames);

        [LoggerMessage(EventId = 1011, EventName = "NoConfiguration", Level = LogLevel.Information,
            Message = "No --config given: serving WebSocket clients only, no RTSP streams")]
        public static partial void NoConfiguration(ILogger logger);
    }
}
