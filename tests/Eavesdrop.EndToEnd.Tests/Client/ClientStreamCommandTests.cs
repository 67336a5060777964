using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Eavesdrop.Protocol;
using Eavesdrop.Tests.Common;

namespace Eavesdrop.EndToEnd.Tests.Client;

public class ClientStreamCommandTests
{
    private static readonly IReadOnlyList<Segment> s_segments = Scripts.JfkSegments();

    /// <summary>
    /// Plays a live session: answers setup, sends overlapping windows while audio arrives, then the
    /// final window, disconnect and close. Returns what the client sent.
    /// </summary>
    private static async Task<(SetupMessage Setup, ControlRecordingStartedMessage Started, byte[] Audio)> PlayLiveSessionAsync(ScriptedConnection connection)
    {
        var setup = await connection.ReceiveMessageAsync<SetupMessage>();
        await connection.SendAsync(new ServerReadyMessage { Timestamp = 1, Stream = setup.Stream, Backend = "scripted" });
        var started = await connection.ReceiveMessageAsync<ControlRecordingStartedMessage>();
        var s = s_segments;
        var audio = await connection.ReceiveAudioUntilEndAsync(async frame =>
        {
            var window = frame switch
            {
                1 => Scripts.Window(setup.Stream, Scripts.Tail(" And so", 0, 1)),
                2 => Scripts.Window(setup.Stream, s[0], Scripts.Tail(" ask not", 2.5, 3)),
                3 => Scripts.Window(setup.Stream, s[0], Scripts.Tail(" ask not what", 2.5, 4)),
                4 => Scripts.Window(setup.Stream, s[0], s[1], Scripts.Tail(" ask", 6, 6.5)),
                _ => null,
            };
            if (window is not null)
            {
                await connection.SendAsync(window with { RecordingId = started.RecordingId });
            }
        });

        // The final window has slid (the server keeps the last 3): a, the oldest, is gone.
        await connection.SendAsync(Scripts.Window(setup.Stream, s[1], s[2], s[3], Scripts.Tail("", 11, 11)) with { RecordingId = started.RecordingId, FlushComplete = true });
        await connection.SendAsync(new DisconnectMessage { Timestamp = 2, Stream = setup.Stream });
        await connection.CloseAsync();
        return (setup, started, audio);
    }

    [Fact]
    public async Task Stream_LiveFast_SendsSetupAudioAndEndOfAudio_PrintsEachCompletedSegmentOnce()
    {
        var session = new TaskCompletionSource<(SetupMessage, ControlRecordingStartedMessage, byte[])>();
        await using var server = await ScriptedServer.StartAsync(async c => session.SetResult(await PlayLiveSessionAsync(c)));

        var (exitCode, output, error) = await CliRunner.RunAsync("client", "stream", TestPaths.JfkWav, "--url", server.Uri.ToString(), "--fast", "--language", "en");

        server.ThrowIfScriptFailed();
        Assert.True(exitCode == 0, error);
        Assert.Equal(
            [
                "[   0.00s →    2.50s] And so my fellow Americans,",
                "[   2.50s →    6.00s] ask not what your country can do for you,",
                "[   6.00s →    8.50s] ask what you can do",
                "[   8.50s →   11.00s] for your country.",
            ],
            CliRunner.Lines(output));

        var (setup, started, audio) = await session.Task;
        Assert.Equal("en", setup.Options!.Language);
        Assert.Null(setup.Options.SourceMode);
        Assert.Equal(16000, started.SampleRateHz);
        Assert.False(string.IsNullOrEmpty(started.RecordingId));

        var expected = FfmpegAudioDecoderTests.ReadPcm16Wav(TestPaths.JfkWav);
        Assert.Equal(expected.Length * 4, audio.Length);
        var samples = new float[expected.Length];
        Assert.True(AudioFrames.TryReadSamples(audio, samples, out _));
        Assert.Equal(expected[1000], samples[1000], 4);
        Assert.Equal(expected[^1], samples[^1], 4);
    }

    [Fact]
    public async Task Stream_Json_PrintsOneObjectPerCompletedSegment()
    {
        await using var server = await ScriptedServer.StartAsync(async c => await PlayLiveSessionAsync(c));

        var (exitCode, output, error) = await CliRunner.RunAsync("client", "stream", TestPaths.JfkWav, "--url", server.Uri.ToString(), "--fast", "--json");

        Assert.True(exitCode == 0, error);
        var lines = CliRunner.Lines(output);
        Assert.Equal(4, lines.Length);
        using var last = JsonDocument.Parse(lines[3]);
        Assert.Equal(s_segments[3].Id, last.RootElement.GetProperty("id").GetUInt64());
        Assert.Equal("for your country.", last.RootElement.GetProperty("text").GetString());
        Assert.Equal(8.5, last.RootElement.GetProperty("start").GetDouble());
        Assert.Equal(11, last.RootElement.GetProperty("end").GetDouble());
    }

    [Fact]
    public async Task Stream_FileMode_SendsTheFilesBytesWithoutRecordingStart()
    {
        var received = new TaskCompletionSource<(SetupMessage, byte[])>();
        await using var server = await ScriptedServer.StartAsync(async connection =>
        {
            var setup = await connection.ReceiveMessageAsync<SetupMessage>();
            await connection.SendAsync(new ServerReadyMessage { Timestamp = 1, Stream = setup.Stream, Backend = "scripted" });
            var bytes = await connection.ReceiveAudioUntilEndAsync();
            await connection.SendAsync(Scripts.Window(setup.Stream, [.. s_segments, Scripts.Tail("", 11, 11)]));
            await connection.SendAsync(new DisconnectMessage { Timestamp = 2, Stream = setup.Stream, Message = "file done" });
            await connection.CloseAsync();
            received.SetResult((setup, bytes));
        });

        var (exitCode, output, error) = await CliRunner.RunAsync("client", "stream", TestPaths.JfkWav, "--url", server.Uri.ToString(), "--file-mode", "--model", "tiny.en");

        server.ThrowIfScriptFailed();
        Assert.True(exitCode == 0, error);
        Assert.Equal(4, CliRunner.Lines(output).Length);
        Assert.Contains("disconnected: file done", error, StringComparison.Ordinal);
        var (setup, bytes) = await received.Task;
        Assert.Equal(SourceMode.File, setup.Options!.SourceMode);
        Assert.Equal("tiny.en", setup.Options.Model);
        Assert.Equal(await File.ReadAllBytesAsync(TestPaths.JfkWav, TestContext.Current.CancellationToken), bytes);
    }

    [Fact]
    public async Task Stream_ServerRejectsSetup_ExitsOneWithTheServersMessage()
    {
        await using var server = await ScriptedServer.StartAsync(async connection =>
        {
            await connection.ReceiveMessageAsync<SetupMessage>();
            await connection.SendAsync(new ErrorMessage { Timestamp = 1, Message = "model 'huge' is not loaded" });
            await connection.CloseAsync();
        });

        var (exitCode, output, error) = await CliRunner.RunAsync("client", "stream", TestPaths.JfkWav, "--url", server.Uri.ToString(), "--model", "huge");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("The server rejected the session: model 'huge' is not loaded", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ServerErrorMidStream_ExitsOne()
    {
        await using var server = await ScriptedServer.StartAsync(async connection =>
        {
            var setup = await connection.ReceiveMessageAsync<SetupMessage>();
            await connection.SendAsync(new ServerReadyMessage { Timestamp = 1, Stream = setup.Stream, Backend = "scripted" });
            await connection.ReceiveMessageAsync<ControlRecordingStartedMessage>();
            await connection.ReceiveAsync();
            await connection.SendAsync(new ErrorMessage { Timestamp = 1, Stream = setup.Stream, Message = "engine fault" });
            await connection.CloseAsync();
        });

        var (exitCode, _, error) = await CliRunner.RunAsync("client", "stream", TestPaths.JfkWav, "--url", server.Uri.ToString(), "--fast");

        Assert.Equal(1, exitCode);
        Assert.Contains("the server reported an error: engine fault", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ServerClosesWithoutDisconnect_ExitsOne()
    {
        await using var server = await ScriptedServer.StartAsync(async connection =>
        {
            var setup = await connection.ReceiveMessageAsync<SetupMessage>();
            await connection.SendAsync(new ServerReadyMessage { Timestamp = 1, Stream = setup.Stream, Backend = "scripted" });
            await connection.ReceiveMessageAsync<ControlRecordingStartedMessage>();
            await connection.CloseAsync();
        });

        var (exitCode, _, error) = await CliRunner.RunAsync("client", "stream", TestPaths.JfkWav, "--url", server.Uri.ToString(), "--fast");

        Assert.Equal(1, exitCode);
        Assert.Contains("eavesdrop:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ServerDisconnectsBeforeAllAudioIsSent_ExitsOne()
    {
        await using var server = await ScriptedServer.StartAsync(async connection =>
        {
            var setup = await connection.ReceiveMessageAsync<SetupMessage>();
            await connection.SendAsync(new ServerReadyMessage { Timestamp = 1, Stream = setup.Stream, Backend = "scripted" });
            await connection.ReceiveMessageAsync<ControlRecordingStartedMessage>();
            await connection.ReceiveAsync();
            await connection.SendAsync(new DisconnectMessage { Timestamp = 2, Stream = setup.Stream, Message = "Server shutting down" });
            await connection.CloseAsync();
        });

        // real time: 11 s of audio, so the server's goodbye certainly comes first
        var (exitCode, _, error) = await CliRunner.RunAsync("client", "stream", TestPaths.JfkWav, "--url", server.Uri.ToString(), "--realtime");

        Assert.Equal(1, exitCode);
        Assert.Contains("disconnected: Server shutting down", error, StringComparison.Ordinal);
        Assert.Contains("before all the audio was sent", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_NoServerListening_ExitsOneSayingItCannotConnect()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exitCode, output, error) = await CliRunner.RunAsync("client", "stream", TestPaths.JfkWav, "--url", $"ws://127.0.0.1:{port}/", "--fast");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains($"Cannot connect to ws://127.0.0.1:{port}/", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ApiKey_IsSentAsBearer_And401IsReportedClearly()
    {
        string? seen = null;
        await using var server = await ScriptedServer.StartAsync(
            _ => Task.CompletedTask,
            reject: context =>
            {
                seen = context.Request.Headers.Authorization.ToString();
                return 401;
            });

        var (exitCode, _, error) = await CliRunner.RunAsync("client", "stream", TestPaths.JfkWav, "--url", server.Uri.ToString(), "--api-key", "s3cret");

        Assert.Equal("Bearer s3cret", seen);
        Assert.Equal(1, exitCode);
        Assert.Contains("401 Unauthorized", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_MissingFile_ExitsTwo()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("client", "stream", "/nonexistent/audio.wav");

        Assert.Equal(2, exitCode);
        Assert.Contains("file not found", error, StringComparison.Ordinal);
    }
}
