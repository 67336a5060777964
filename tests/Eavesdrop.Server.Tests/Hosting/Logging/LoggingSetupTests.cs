using System.Text.Json;
using System.Text.RegularExpressions;
using Eavesdrop.Server.Hosting;
using Eavesdrop.Server.Hosting.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog.Context;

namespace Eavesdrop.Server.Tests.Hosting.Logging;

public sealed partial class LoggingSetupTests
{
    [Fact]
    public void HumanFormat_ScopeKeyValues_AppearOnEveryLineInsideTheScope()
    {
        var output = new StringWriter();
        using (var factory = LoggingSetup.CreateLoggerFactory(new LoggingSettings(Json: false, LogLevel.Information), output))
        {
            var logger = factory.CreateLogger("Eavesdrop.Ingest");
            using (logger.BeginScope(new Dictionary<string, object> { ["stream"] = "office", ["session_id"] = "a1b2" }))
            {
                Log.Connecting(logger, "rtsp://cam/office", 1);
                Log.Connecting(logger, "rtsp://cam/office", 2);
            }

            Log.Connecting(logger, "rtsp://cam/kitchen", 1);
        }

        var lines = Lines(output);
        Assert.Equal(3, lines.Count);
        Assert.Matches(HumanLine(), lines[0]);
        Assert.EndsWith("INF Eavesdrop.Ingest: Connecting to rtsp://cam/office (attempt 1) stream=office session_id=a1b2", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("(attempt 2) stream=office session_id=a1b2", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("stream=", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void HumanFormat_LogContextPropertyWithSpaces_Quoted()
    {
        var output = new StringWriter();
        using (var factory = LoggingSetup.CreateLoggerFactory(new LoggingSettings(Json: false, LogLevel.Information), output))
        {
            var logger = factory.CreateLogger("Eavesdrop.Ingest");
            using (LogContext.PushProperty("stream", "front door"))
            {
                Log.Connecting(logger, "rtsp://cam/door", 1);
            }
        }

        Assert.EndsWith("stream=\"front door\"", Assert.Single(Lines(output)), StringComparison.Ordinal);
    }

    [Fact]
    public void HumanFormat_Exception_WrittenAfterTheLine()
    {
        var output = new StringWriter();
        using (var factory = LoggingSetup.CreateLoggerFactory(new LoggingSettings(Json: false, LogLevel.Information), output))
        {
            Log.Failed(factory.CreateLogger("Eavesdrop.Engine"), new InvalidOperationException("model missing"));
        }

        var lines = Lines(output);
        Assert.Contains("ERR Eavesdrop.Engine: Engine failed", lines[0], StringComparison.Ordinal);
        Assert.Equal("System.InvalidOperationException: model missing", lines[1]);
    }

    [Fact]
    public void JsonFormat_OneObjectPerLineWithScopeProperties()
    {
        var output = new StringWriter();
        using (var factory = LoggingSetup.CreateLoggerFactory(new LoggingSettings(Json: true, LogLevel.Information), output))
        {
            var logger = factory.CreateLogger("Eavesdrop.Sessions");
            using (logger.BeginScope(new Dictionary<string, object> { ["session_id"] = "s-42" }))
            {
                Log.Connecting(logger, "ws", 1);
                Log.Fatal(logger);
            }
        }

        var events = Lines(output).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("s-42", e.GetProperty("session_id").GetString()));
        Assert.All(events, e => Assert.Equal("Eavesdrop.Sessions", e.GetProperty("SourceContext").GetString()));
        Assert.Equal("Connecting to \"ws\" (attempt 1)", events[0].GetProperty("@m").GetString());
        Assert.Equal(1, events[0].GetProperty("Attempt").GetInt32());
        Assert.Equal(7001, events[0].GetProperty("EventId").GetProperty("Id").GetInt32());
        Assert.False(events[0].TryGetProperty("@l", out _)); // Information is the format's default level
        Assert.Equal("Fatal", events[1].GetProperty("@l").GetString());
    }

    [Theory]
    [InlineData(LogLevel.Warning, new[] { "WRN", "ERR" })]
    [InlineData(LogLevel.Information, new[] { "INF", "WRN", "ERR" })]
    [InlineData(LogLevel.Trace, new[] { "TRC", "DBG", "INF", "WRN", "ERR" })]
    public void MinimumLevel_LowerLevelsDropped(LogLevel minimum, string[] expectedLevels)
    {
        var output = new StringWriter();
        using (var factory = LoggingSetup.CreateLoggerFactory(new LoggingSettings(Json: false, minimum), output))
        {
            var logger = factory.CreateLogger("Eavesdrop.Test");
            foreach (var level in new[] { LogLevel.Trace, LogLevel.Debug, LogLevel.Information, LogLevel.Warning, LogLevel.Error })
            {
                Log.AtLevel(logger, level);
            }
        }

        Assert.Equal(expectedLevels, Lines(output).Select(line => line.Split(' ')[1]));
    }

    [Fact]
    public void AspNetCoreCategory_InformationHeldBackUnlessTrace()
    {
        var info = new StringWriter();
        using (var factory = LoggingSetup.CreateLoggerFactory(new LoggingSettings(Json: false, LogLevel.Information), info))
        {
            Log.AtLevel(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics"), LogLevel.Information);
            Log.AtLevel(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics"), LogLevel.Warning);
        }

        var trace = new StringWriter();
        using (var factory = LoggingSetup.CreateLoggerFactory(new LoggingSettings(Json: false, LogLevel.Trace), trace))
        {
            Log.AtLevel(factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics"), LogLevel.Information);
        }

        Assert.Contains(" WRN ", Assert.Single(Lines(info)), StringComparison.Ordinal);
        Assert.Single(Lines(trace));
    }

    [Fact]
    public void UseEavesdropLogging_HostLoggerFactoryIsSerilogs()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        builder.UseEavesdropLogging(new LoggingSettings(Json: true, LogLevel.Debug));
        using var host = builder.Build();

        var factory = host.Services.GetRequiredService<ILoggerFactory>();
        Assert.IsType<Serilog.Extensions.Logging.SerilogLoggerFactory>(factory);
        Assert.True(factory.CreateLogger("Eavesdrop.Test").IsEnabled(LogLevel.Debug));
        Assert.False(factory.CreateLogger("Eavesdrop.Test").IsEnabled(LogLevel.Trace));
    }

    private static List<string> Lines(StringWriter output) =>
        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (TRC|DBG|INF|WRN|ERR|CRT) ")]
    private static partial Regex HumanLine();

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Connecting to {Url} (attempt {Attempt})")]
        public static partial void Connecting(ILogger logger, string url, int attempt);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Engine failed")]
        public static partial void Failed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 7003, Level = LogLevel.Critical, Message = "Giving up")]
        public static partial void Fatal(ILogger logger);

        [LoggerMessage(EventId = 7004, Message = "At some level")]
        public static partial void AtLevel(ILogger logger, LogLevel level);
    }
}
