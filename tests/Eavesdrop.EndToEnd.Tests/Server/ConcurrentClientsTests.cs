using Eavesdrop.Client;
using Eavesdrop.Protocol;
using Eavesdrop.Tests.Common.Speech;

namespace Eavesdrop.EndToEnd.Tests.Server;

/// <summary>Real server, real sockets, real speech: many clients at once, each gets its own text.</summary>
public class ConcurrentClientsTests(SphinxServerFixture fixture) : IClassFixture<SphinxServerFixture>
{
    // PocketSphinx is weak (≈40 % WER on these clips, 75 % on jfk); these bounds catch a broken
    // audio path or cross-talk, not a weak model. Measured through the server: see README.
    private const double PerClipWerBound = 0.80;

    [Fact]
    public async Task EightClientsAtOnce_EachGetsItsOwnText()
    {
        var clips = SpeechClips.All.Take(8).ToList();
        Assert.Equal(8, clips.Count);
        var runs = clips.Select((clip, i) => StreamedTranscript.StreamAsync(fixture.Uri, clip.LoadSamples(), $"client-{i}", AudioPacing.RealTime, TestContext.Current.CancellationToken)).ToList();
        var results = await Task.WhenAll(runs);

        var report = string.Join(Environment.NewLine, clips.Zip(results, (c, r) => $"{c.Name}: ref '{c.Reference}' got '{r.Text}' {WordErrorRate.Compute(c.Reference, r.Text)}"));
        for (var i = 0; i < clips.Count; i++)
        {
            var own = WordErrorRate.Compute(clips[i].Reference, results[i].Text);
            Assert.True(own.Rate <= PerClipWerBound, report);
            // no cross-talk: each transcript is closer to its own clip than to any other clip
            for (var j = 0; j < clips.Count; j++)
            {
                if (j != i && clips[j].Reference != clips[i].Reference)
                {
                    Assert.True(own.Rate < WordErrorRate.Compute(clips[j].Reference, results[i].Text).Rate, $"client {i} looks like clip {j}{Environment.NewLine}{report}");
                }
            }

            Assert.All(results[i].Messages.OfType<TranscriptionMessage>(), m => Assert.Equal($"client-{i}", m.Stream));
        }
    }

    [Fact]
    public async Task CompletedSegmentIds_FollowTheCrc64Chain()
    {
        var (_, segments, _) = await StreamedTranscript.StreamAsync(fixture.Uri, SpeechClips.Jfk.LoadSamples(), "chain", AudioPacing.AsFastAsPossible, TestContext.Current.CancellationToken);
        Assert.NotEmpty(segments);
        var expected = SegmentIdChain.BaselineId;
        Assert.Equal(12269926345859042865UL, expected);
        foreach (var segment in segments)
        {
            expected = SegmentIdChain.NextId(expected, segment.Text);
            Assert.Equal(expected, segment.Id);
        }
    }

    [Fact]
    public async Task EveryLogLineOfASession_CarriesItsSessionId()
    {
        await StreamedTranscript.StreamAsync(fixture.Uri, SpeechClips.GoForward.LoadSamples(), "logged", AudioPacing.AsFastAsPossible, TestContext.Current.CancellationToken);

        var sessionLines = fixture.Server.Process.StandardErrorLines
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement)
            .Where(e => e.TryGetProperty("SourceContext", out var c) && c.GetString() == "Eavesdrop.Transport")
            .ToList();
        Assert.Contains(sessionLines, e => e.GetProperty("@m").GetString()!.Contains("session", StringComparison.OrdinalIgnoreCase));
        Assert.All(sessionLines, e => Assert.True(e.TryGetProperty("SessionId", out var id) && id.GetString()!.Length > 0, e.ToString()));
    }

    [Fact]
    public async Task ClientVanishingMidStream_LeavesOthersUnaffected()
    {
        var jfk = SpeechClips.Jfk;
        var steady = StreamedTranscript.StreamAsync(fixture.Uri, jfk.LoadSamples(), "steady", AudioPacing.RealTime, TestContext.Current.CancellationToken);

        await using (var vanishing = new TranscriberClient(new TranscriberClientOptions { ServerUri = fixture.Uri, Stream = "vanishing" }))
        {
            await vanishing.ConnectAsync(TestContext.Current.CancellationToken);
            await vanishing.StartRecordingAsync(cancellationToken: TestContext.Current.CancellationToken);
            var samples = SpeechClips.GoForward.LoadSamples();
            await vanishing.SendAudioAsync(samples.AsMemory(0, samples.Length / 2), TestContext.Current.CancellationToken);
            // disposed without END_OF_AUDIO or a close handshake: the socket just goes away
        }

        var (text, _, _) = await steady;
        var wer = WordErrorRate.Compute(jfk.Reference, text);
        Assert.True(wer.Rate <= PerClipWerBound, $"'{text}' {wer}");
        Assert.False(fixture.Server.Process.HasExited);
    }

    [Fact]
    public async Task FileSession_TranscribesUploadedFile()
    {
        await using var client = new TranscriberClient(new TranscriberClientOptions
        {
            ServerUri = fixture.Uri,
            Stream = "file",
            SessionOptions = new SessionOptionsMessage { SourceMode = SourceMode.File },
        });
        await client.ConnectAsync(TestContext.Current.CancellationToken);
        var reading = StreamedTranscript.CollectAsync(client, TestContext.Current.CancellationToken);
        await client.SendFileAsync(SpeechClips.Jfk.Path, TestContext.Current.CancellationToken);
        await client.SendEndOfAudioAsync(TestContext.Current.CancellationToken);
        var (segments, messages) = await reading;

        var text = string.Join(' ', segments.Select(s => s.Text));
        var wer = WordErrorRate.Compute(SpeechClips.Jfk.Reference, text);
        Assert.True(wer.Rate <= PerClipWerBound, $"'{text}' {wer}");
        Assert.IsType<DisconnectMessage>(messages[^1]);
    }

    [Fact]
    public async Task FileSession_UndecodableBytes_GetClearError()
    {
        await using var client = new TranscriberClient(new TranscriberClientOptions
        {
            ServerUri = fixture.Uri,
            Stream = "garbage-file",
            SessionOptions = new SessionOptionsMessage { SourceMode = SourceMode.File },
        });
        await client.ConnectAsync(TestContext.Current.CancellationToken);
        var reading = StreamedTranscript.CollectAsync(client, TestContext.Current.CancellationToken);
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray(), TestContext.Current.CancellationToken);
        await client.SendFileAsync(path, TestContext.Current.CancellationToken);
        await client.SendEndOfAudioAsync(TestContext.Current.CancellationToken);
        var (_, messages) = await reading;
        File.Delete(path);

        var error = Assert.Single(messages.OfType<ErrorMessage>());
        Assert.Contains("Could not decode", error.Message, StringComparison.Ordinal);
        Assert.False(fixture.Server.Process.HasExited);
    }
}
