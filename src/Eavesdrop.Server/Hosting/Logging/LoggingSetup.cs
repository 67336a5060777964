using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting;
using Serilog.Formatting.Compact;

namespace Eavesdrop.Server.Hosting.Logging;

/// <summary>
/// Builds the process's Serilog logger from <see cref="LoggingSettings"/> (design §3.2) and plugs it
/// into Microsoft.Extensions.Logging, so <c>ILogger.BeginScope</c> key/value pairs (and
/// <c>LogContext.PushProperty</c>) become properties on every line written inside the scope.
/// <para>
/// Logs go to <b>stderr</b>, always: stdout stays free for what commands print as results
/// (transcripts of <c>client</c>/<c>transcribe</c>). Human output is one line per event
/// (<see cref="HumanLogFormatter"/>); <c>--json-logs</c> writes one JSON object per line in
/// Serilog's compact format (<c>@t</c>, <c>@l</c>, <c>@m</c>, <c>@i</c>, <c>@x</c>, then properties;
/// <c>@l</c> is absent for Information and is <c>Fatal</c> for Critical).
/// </para>
/// </summary>
public static class LoggingSetup
{
    /// <summary>The Serilog logger writing to stderr.</summary>
    public static Logger CreateLogger(LoggingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var formatter = CreateFormatter(settings);
        return Configure(new LoggerConfiguration(), settings)
            .WriteTo.Console(formatter, standardErrorFromLevel: LogEventLevel.Verbose)
            .CreateLogger();
    }

    /// <summary>A Microsoft.Extensions.Logging factory over <see cref="CreateLogger(LoggingSettings)"/>; disposing it flushes and closes the logger.</summary>
    public static ILoggerFactory CreateLoggerFactory(LoggingSettings settings) =>
        new SerilogLoggerFactory(CreateLogger(settings), dispose: true);

    /// <summary>Same as <see cref="CreateLoggerFactory(LoggingSettings)"/> but writing to <paramref name="output"/> (tests, embedding).</summary>
    internal static ILoggerFactory CreateLoggerFactory(LoggingSettings settings, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var logger = Configure(new LoggerConfiguration(), settings)
            .WriteTo.Sink(new TextWriterSink(CreateFormatter(settings), output))
            .CreateLogger();
        return new SerilogLoggerFactory(logger, dispose: true);
    }

    /// <summary>
    /// Makes a host (e.g. a <c>WebApplicationBuilder</c>) log through Serilog only: removes the
    /// default providers and registers the logger as the app's <see cref="ILoggerFactory"/>,
    /// disposed (flushed) with the host. Levels are Serilog's; <c>Logging:LogLevel</c> settings are not used.
    /// </summary>
    public static TBuilder UseEavesdropLogging<TBuilder>(this TBuilder builder, LoggingSettings settings)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(CreateLogger(settings), dispose: true);
        return builder;
    }

    public static ITextFormatter CreateFormatter(LoggingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Json ? new RenderedCompactJsonFormatter() : new HumanLogFormatter();
    }

    public static LogEventLevel ToSerilogLevel(LogLevel level) => level switch
    {
        LogLevel.Trace => LogEventLevel.Verbose,
        LogLevel.Debug => LogEventLevel.Debug,
        LogLevel.Information => LogEventLevel.Information,
        LogLevel.Warning => LogEventLevel.Warning,
        LogLevel.Error => LogEventLevel.Error,
        _ => LogEventLevel.Fatal,
    };

    /// <summary>
    /// Minimum level, scope/LogContext properties. ASP.NET Core's per-request chatter is held at
    /// Warning unless the level is Trace (which means "everything").
    /// </summary>
    private static LoggerConfiguration Configure(LoggerConfiguration configuration, LoggingSettings settings)
    {
        var minimum = ToSerilogLevel(settings.MinimumLevel);
        configuration.MinimumLevel.Is(minimum).Enrich.FromLogContext();
        if (minimum > LogEventLevel.Verbose && minimum < LogEventLevel.Warning)
        {
            configuration.MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning);
        }

        return configuration;
    }
}
