using Eavesdrop.Client;
using Eavesdrop.EndToEnd.Tests.Transcribe;
using Eavesdrop.Protocol;
using Eavesdrop.Tests.Common.Speech;

namespace Eavesdrop.EndToEnd.Tests.Server;

/// <summary>
/// <c>serve --engine whisper --model DIR</c> end to end through a real WebSocket client on a
/// random-weight model with the real export layout: the text is noise, the plumbing is real.
/// </summary>
public class WhisperServerTests(SyntheticWhisperModel model) : IClassFixture<SyntheticWhisperModel>
{
    [Fact]
    public async Task WhisperEngine_ServesALiveSession_WithTokensAndChainedIds()
    {
        await using var server = await RunningServer.StartAsync("--engine", "whisper", "--model", model.Directory);
        var samples = SpeechClips.Jfk.LoadSamples();
        var (_, segments, messages) = await StreamedTranscript.StreamAsync(server.Uri, samples, "whisper-live", AudioPacing.AsFastAsPossible, TestContext.Current.CancellationToken);

        var ready = messages.OfType<TranscriptionMessage>().ToList();
        Assert.NotEmpty(ready);
        Assert.IsType<DisconnectMessage>(messages[^1]);
        Assert.NotEmpty(segments);
        Assert.All(segments, s =>
        {
            Assert.NotEmpty(s.Tokens);
            Assert.True(s.End >= s.Start && s.End <= samples.Length / 16000.0 + 0.01, $"{s.Start}-{s.End}");
            Assert.True(double.IsFinite(s.AvgLogprob) && s.CompressionRatio > 0);
            Assert.NotNull(s.Temperature);
        });
        var expected = SegmentIdChain.BaselineId;
        foreach (var segment in segments)
        {
            expected = SegmentIdChain.NextId(expected, segment.Text);
            Assert.Equal(expected, segment.Id);
        }

        // multilingual synthetic model: the language is detected and announced once
        Assert.Single(messages.OfType<LanguageDetectionMessage>());
        Assert.Contains(server.Process.StandardErrorLines, l => l.Contains("whisper-onnx", StringComparison.Ordinal));
    }
}
