using System.ComponentModel;
using System.Text.Json;
using Eavesdrop.Server.Ingest;
using Eavesdrop.Server.Tests.Ingest.Fakes;
using Microsoft.Extensions.Logging.Testing;

namespace Eavesdrop.Server.Tests.Ingest;

/// <summary>State-transition logging, the stream scope, credential redaction and the status snapshot.</summary>
public sealed class RtspClientLoggingTests
{
    private const string Password = "s3cretPW";
    private const string UrlWithCredentials = "rtsp://admin:" + Password + "@camera.test:8554/office?audio=all";

    [Fact]
    public async Task RunAsync_Lifecycle_LogsConnectingTranscribingReconnectingStoppedInOrder()
    {
        var harness = new ClientHarness();
        var process = await harness.StartAndGetProcessAsync();
        process.Output.Feed(ClientHarness.Chunk(1));
        await harness.Statuses.WaitForAsync(StreamState.Transcribing);
        process.Exit(0);
        await harness.Statuses.WaitForAsync(StreamState.Reconnecting);
        await harness.DisposeAsync();

        int[] transitions = [IngestEventIds.Connecting, IngestEventIds.Transcribing, IngestEventIds.Reconnecting, IngestEventIds.Stopped];
        var logged = harness.LogCollector.GetSnapshot().Where(r => transitions.Contains(r.Id.Id)).ToList();
        Assert.Equal(transitions, logged.Select(r => r.Id.Id));
        Assert.Equal(["Connecting", "Transcribing", "Reconnecting", "Stopped"], logged.Select(r => r.Id.Name));
        var reconnecting = logged[2];
        Assert.Equal("Disconnected", reconnecting.GetStructuredStateValue("Reason"));
        Assert.Equal("30", reconnecting.GetStructuredStateValue("DelaySeconds"));
        Assert.All(logged, r => Assert.Equal(IngestEventIds.Category, r.Category));
    }

    [Fact]
    public async Task RunAsync_EveryLogLine_CarriesTheStreamScope()
    {
        var harness = new ClientHarness(name: "kitchen");
        var process = await harness.StartAndGetProcessAsync();
        process.WriteStderr("ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers");
        process.WriteStderr("[rtsp @ 0x1] method DESCRIBE failed: 404 Not Found");
        process.Exit(1);
        await harness.Statuses.WaitForAsync(StreamState.Reconnecting);
        await harness.DisposeAsync();

        var records = harness.LogCollector.GetSnapshot();
        Assert.True(records.Count >= 6, $"expected a full lifecycle of log lines, got {records.Count}");
        Assert.All(records, record =>
        {
            var scope = Assert.Single(record.Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>());
            Assert.Equal(new KeyValuePair<string, object?>("stream", "kitchen"), Assert.Single(scope));
        });
    }

    [Fact]
    public async Task RunAsync_FfmpegErrorLines_AreLoggedWithTheirClassAndText()
    {
        var harness = new ClientHarness();
        var process = await harness.StartAndGetProcessAsync();
        process.WriteStderr("[rtsp @ 0x5600d50eca00] method SETUP failed: 461 Unsupported transport");
        process.Exit(1);
        var reconnecting = await harness.Statuses.WaitForAsync(StreamState.Reconnecting);
        await harness.DisposeAsync();

        Assert.Equal(IngestError.UnsupportedTransport, reconnecting.End?.Error);
        Assert.Equal("[rtsp @ 0x5600d50eca00] method SETUP failed: 461 Unsupported transport", reconnecting.End?.Message);
        var error = Assert.Single(harness.LogCollector.GetSnapshot(), r => r.Id.Id == IngestEventIds.FfmpegError);
        Assert.Equal("UnsupportedTransport", error.GetStructuredStateValue("ErrorClass"));
        Assert.Contains("461 Unsupported transport", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CredentialsInUrlAndFfmpegEcho_NeverReachLogsStatusOrEvents()
    {
        var harness = new ClientHarness(UrlWithCredentials);
        var process = await harness.StartAndGetProcessAsync();
        Assert.Contains(UrlWithCredentials, process.Arguments); // ffmpeg itself needs them
        process.WriteStderr("Input #0, rtsp, from '" + UrlWithCredentials + "':");
        process.WriteStderr("[rtsp @ 0x55c360d21a40] method DESCRIBE failed: 401 Unauthorized");
        process.WriteStderr(UrlWithCredentials + ": Server returned 401 Unauthorized (authorization failed)");
        process.Exit(1);
        var reconnecting = await harness.Statuses.WaitForAsync(StreamState.Reconnecting);
        harness.Runner.FailNextStart(new Win32Exception($"cannot run ffmpeg for {UrlWithCredentials}"));
        harness.Time.Advance(harness.Options.ReconnectDelay);
        var failed = await harness.Statuses.WaitForAsync(StreamState.Reconnecting);
        await harness.DisposeAsync();

        Assert.Equal(IngestError.Unauthorized, reconnecting.End?.Error);
        Assert.Equal(IngestError.StartFailed, failed.End?.Error);
        var records = harness.LogCollector.GetSnapshot();
        var texts = records.SelectMany(LogTexts).ToList();
        texts.AddRange(harness.Statuses.All.SelectMany(c => new[]
        {
            JsonSerializer.Serialize(c.Current, IngestJsonContext.Default.StreamStatus),
            c.End?.Message ?? string.Empty,
        }));
        Assert.All(texts, text =>
        {
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain("admin:", text, StringComparison.Ordinal);
        });
        // the lines are logged, only masked
        Assert.Contains(texts, t => t.Contains("rtsp://***@camera.test:8554/office?audio=all: Server returned 401", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("cannot run ffmpeg for rtsp://***@camera.test", StringComparison.Ordinal));
        Assert.Equal("rtsp://***@camera.test:8554/office?audio=all", harness.Client.Status.Url);
    }

    [Fact]
    public async Task Status_AfterAReconnect_CountsReconnectsBytesSecondsAndLastError()
    {
        await using var harness = new ClientHarness();
        var first = await harness.StartAndGetProcessAsync();
        for (var i = 0; i < 3; i++)
        {
            first.Output.Feed(ClientHarness.Chunk(1));
        }

        await harness.Statuses.WaitForAsync(StreamState.Transcribing);
        first.Exit(0);
        var offline = await harness.Statuses.WaitForAsync(StreamState.Reconnecting);
        harness.Time.Advance(harness.Options.ReconnectDelay);
        var second = await harness.Runner.NextProcessAsync();
        second.Output.Feed(ClientHarness.Chunk(2));
        await harness.Statuses.WaitForAsync(StreamState.Transcribing);

        var status = harness.Client.Status;
        Assert.Equal("office", status.Name);
        Assert.Equal(StreamState.Transcribing, status.State);
        Assert.Equal(2, status.Epoch);
        Assert.Equal(1, status.ReconnectCount);
        Assert.Equal(4 * RtspClient.ChunkSize, status.BytesReceived);
        Assert.Equal(4 * RtspClient.ChunkSize / 32000.0, status.AudioSeconds, precision: 9);
        Assert.Equal(IngestError.Disconnected, status.LastError);
        Assert.Equal(offline.Current.Since, status.LastErrorAt);
        Assert.Equal(harness.Time.GetUtcNow(), status.Since);
    }

    [Fact]
    public async Task Status_SerializedToJson_UsesSnakeCaseNamesAndValues()
    {
        await using var harness = new ClientHarness();
        var process = await harness.StartAndGetProcessAsync();
        process.WriteStderr("Output file #0 does not contain any stream");
        process.Exit(1);
        await harness.Statuses.WaitForAsync(StreamState.Reconnecting);

        var json = JsonSerializer.Serialize(harness.Client.Status, IngestJsonContext.Default.StreamStatus);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("office", root.GetProperty("name").GetString());
        Assert.Equal("reconnecting", root.GetProperty("state").GetString());
        Assert.Equal("no_audio_stream", root.GetProperty("last_error").GetString());
        Assert.Equal("Output file #0 does not contain any stream", root.GetProperty("last_error_message").GetString());
        Assert.Equal(0, root.GetProperty("reconnect_count").GetInt32());
        Assert.Equal(0, root.GetProperty("bytes_received").GetInt64());
        Assert.Equal(0.0, root.GetProperty("audio_seconds").GetDouble());
        Assert.Equal(1, root.GetProperty("epoch").GetInt32());
        Assert.True(root.TryGetProperty("since", out _));
        Assert.Equal("rtsp://camera.test:8554/office?audio=all", root.GetProperty("url").GetString());
    }

    [Fact]
    public async Task StatusChanged_HandlerThrows_IngestContinues()
    {
        await using var harness = new ClientHarness();
        harness.Client.StatusChanged += _ => throw new InvalidOperationException("broken subscriber");
        var process = await harness.StartAndGetProcessAsync();

        process.Output.Feed(ClientHarness.Chunk(5));

        var chunk = await harness.ReadChunkAsync();
        Assert.Equal(5, chunk.Pcm.Span[0]);
        Assert.Equal(StreamState.Transcribing, harness.Client.Status.State);
        Assert.Contains(harness.LogCollector.GetSnapshot(), r => r.Id.Id == IngestEventIds.StatusHandlerFailed);
    }

    private static IEnumerable<string> LogTexts(FakeLogRecord record)
    {
        yield return record.Message;
        if (record.StructuredState is { } state)
        {
            foreach (var pair in state)
            {
                yield return pair.Value ?? string.Empty;
            }
        }

        if (record.Exception is { } exception)
        {
            yield return exception.ToString();
        }

        foreach (var scope in record.Scopes)
        {
            yield return scope?.ToString() ?? string.Empty;
        }
    }
}
