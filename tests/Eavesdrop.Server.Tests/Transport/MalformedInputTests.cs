using System.Net.WebSockets;
using Eavesdrop.Protocol;
using Eavesdrop.Server.Tests.Fakes;

namespace Eavesdrop.Server.Tests.Transport;

/// <summary>PROTOCOL.md "Limits and bad input": every malformed frame gets an error; the server keeps serving.</summary>
public class MalformedInputTests
{
    [Theory]
    [InlineData("{not json", "JSON")]
    [InlineData("{\"timestamp\":1}", "type")]
    [InlineData("{\"type\":\"bogus\",\"timestamp\":1}", "bogus")]
    [InlineData("{\"type\":\"setup\",\"timestamp\":1,\"stream\":42}", "stream")]
    [InlineData("{\"type\":\"setup\",\"timestamp\":1,\"stream\":\"a\",\"options\":{\"beam_size\":-1}}", "beam_size")]
    [InlineData("[1,2,3]", "object")]
    public async Task BadTextBeforeSetup_GetsNamedError_AndSessionContinues(string frame, string expectedInMessage)
    {
        await using var server = await InProcessServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SendTextAsync(frame);
        var error = await client.ReceiveAsync<ErrorMessage>();
        Assert.Contains(expectedInMessage, error.Message, StringComparison.OrdinalIgnoreCase);

        await client.SetUpAsync();
        await client.SendEndOfAudioAsync();
        await client.ReceiveUntilAsync<DisconnectMessage>();
    }

    [Fact]
    public async Task BinaryBeforeSetup_GetsError()
    {
        await using var server = await InProcessServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SendAudioAsync(new float[160]);
        var error = await client.ReceiveAsync<ErrorMessage>();
        Assert.Contains("before setup", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AudioBeforeRecordingStarted_GetsErrorPerFrame()
    {
        await using var server = await InProcessServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SendAsync(new SetupMessage { Stream = "mic" });
        await client.ReceiveAsync<ServerReadyMessage>();
        await client.SendAudioAsync(new float[160]);
        await client.SendAudioAsync(new float[160]);
        Assert.Contains("control_recording_started", (await client.ReceiveAsync<ErrorMessage>()).Message, StringComparison.Ordinal);
        Assert.Contains("control_recording_started", (await client.ReceiveAsync<ErrorMessage>()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaggedBinaryFrame_GetsError()
    {
        await using var server = await InProcessServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SetUpAsync();
        await client.SendBinaryAsync([1, 2, 3, 4, 5, 6, 7]);
        var error = await client.ReceiveUntilAsync<ErrorMessage>();
        Assert.Contains("7 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongSampleRate_GetsError()
    {
        await using var server = await InProcessServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SendAsync(new SetupMessage { Stream = "mic" });
        await client.ReceiveAsync<ServerReadyMessage>();
        await client.SendAsync(new ControlRecordingStartedMessage { Stream = "mic", RecordingId = "r", SampleRateHz = 44100 });
        Assert.Contains("16000", (await client.ReceiveAsync<ErrorMessage>()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownModel_IsRefusedWithClearErrorAndClose()
    {
        await using var server = await InProcessServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SendAsync(new SetupMessage { Stream = "mic", Options = new SessionOptionsMessage { Model = "large-v9" } });
        var error = await client.ReceiveAsync<ErrorMessage>();
        Assert.Contains("large-v9", error.Message, StringComparison.Ordinal);
        Assert.Contains("fake-model", error.Message, StringComparison.Ordinal);
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.Socket.CloseStatus);
    }

    [Fact]
    public async Task TranslateOnEnglishOnlyEngine_IsRefused()
    {
        await using var server = await InProcessServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SendAsync(new SetupMessage { Stream = "mic", Options = new SessionOptionsMessage { Task = TranscriptionTask.Translate } });
        Assert.Contains("translate", (await client.ReceiveAsync<ErrorMessage>()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedFrame_GetsErrorAndClose1009()
    {
        await using var server = await InProcessServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SetUpAsync();
        await client.SendBinaryAsync(new byte[200 * 1024]);
        var error = await client.ReceiveUntilAsync<ErrorMessage>();
        Assert.Contains("maximum frame size", error.Message, StringComparison.Ordinal);
        await client.ReceiveUntilAsync<DisconnectMessage>();
        Assert.Null(await client.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.Socket.CloseStatus);
    }

    [Fact]
    public async Task SecondFlushWhilePending_GetsRejectedError()
    {
        using var gate = new SemaphoreSlim(0);
        await using var server = await InProcessServer.StartAsync(engine: new FakeSpeechEngine { Gate = gate });
        await using var client = await server.ConnectAsync();
        await client.SetUpAsync();
        await client.SendAudioAsync(TestAudio.Word(1, 0.3f));
        await client.SendAsync(new ControlFlushMessage { Stream = "mic", RecordingId = "r1" });
        await client.SendAsync(new ControlFlushMessage { Stream = "mic", RecordingId = "r1" });
        var error = await client.ReceiveUntilAsync<ErrorMessage>();
        Assert.Equal("Flush rejected: another flush is already pending", error.Message);
        gate.Release(100);
        var flushed = await client.ReceiveUntilAsync<TranscriptionMessage>(t => t.FlushComplete == true);
        Assert.Contains(flushed.Segments, s => s.Completed && s.Text == "w30");
    }

    [Fact]
    public async Task ServerOnlyMessageFromClient_GetsError()
    {
        await using var server = await InProcessServer.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SetUpAsync();
        await client.SendAsync(new DisconnectMessage { Stream = "mic" });
        Assert.Contains("disconnect", (await client.ReceiveUntilAsync<ErrorMessage>()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageOnOneSession_DoesNotDisturbAnother()
    {
        await using var server = await InProcessServer.StartAsync();
        await using var good = await server.ConnectAsync();
        await using var bad = await server.ConnectAsync();
        await good.SetUpAsync();
        await bad.SetUpAsync();
        await bad.SendTextAsync("\u0000\u0001garbage");
        await bad.SendBinaryAsync([9, 9, 9]);
        bad.Socket.Abort();

        await good.SendAudioAsync(TestAudio.Concat(TestAudio.Word(0.5, 0.4f), TestAudio.Silence(1.5)));
        await good.SendEndOfAudioAsync();
        var transcription = await good.ReceiveUntilAsync<TranscriptionMessage>(t => t.Segments.Any(s => s.Completed));
        Assert.Equal("w40", transcription.Segments.First(s => s.Completed).Text);
        await good.ReceiveUntilAsync<DisconnectMessage>();
    }
}
