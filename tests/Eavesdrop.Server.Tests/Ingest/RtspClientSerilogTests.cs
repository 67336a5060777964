using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Ingest;
using Eavesdrop.Server.Tests.Ingest.Fakes;
using Microsoft.Extensions.Time.Testing;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Eavesdrop.Server.Tests.Ingest;

/// <summary>The host logs through Serilog: the stream scope must arrive there as a <c>stream</c> property.</summary>
public sealed class RtspClientSerilogTests
{
    [Fact]
    public async Task RunAsync_LoggingThroughSerilog_EveryEventHasTheStreamProperty()
    {
        var sink = new CollectingSink();
        await using var serilog = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
        using var loggerFactory = new SerilogLoggerFactory(serilog);
        var time = new FakeTimeProvider();
        var runner = new FakeProcessRunner(time);
        var client = new RtspClient(
            new StreamDefinition("kitchen", new Uri("rtsp://u:topsecret@cam/k")), new RtspOptions(), runner, time, loggerFactory);
        var statuses = new StatusRecorder(client);
        _ = client.RunAsync(TestContext.Current.CancellationToken);
        var process = await runner.NextProcessAsync();
        process.WriteStderr("rtsp://u:topsecret@cam/k: Server returned 401 Unauthorized (authorization failed)");
        process.Exit(1);
        await statuses.WaitForAsync(StreamState.Reconnecting);
        await client.DisposeAsync();

        var events = sink.Events;
        Assert.Contains(events, e => e.MessageTemplate.Text.StartsWith("Reconnecting", StringComparison.Ordinal));
        Assert.All(events, e =>
        {
            Assert.True(e.Properties.TryGetValue("stream", out var stream), $"no stream property on '{e.MessageTemplate.Text}'");
            Assert.Equal("\"kitchen\"", stream!.ToString());
            Assert.DoesNotContain("topsecret", e.RenderMessage(), StringComparison.Ordinal);
        });
    }

    private sealed class CollectingSink : ILogEventSink
    {
        private readonly Lock _lock = new();
        private readonly List<LogEvent> _events = [];

        public IReadOnlyList<LogEvent> Events
        {
            get
            {
                lock (_lock)
                {
                    return [.. _events];
                }
            }
        }

        public void Emit(LogEvent logEvent)
        {
            lock (_lock)
            {
                _events.Add(logEvent);
            }
        }
    }
}
