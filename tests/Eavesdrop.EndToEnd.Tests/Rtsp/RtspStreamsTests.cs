using System.Net.Http.Json;
using System.Text.Json;
using Eavesdrop.Client;
using Eavesdrop.Protocol;
using Eavesdrop.Tests.Common.Processes;

namespace Eavesdrop.EndToEnd.Tests.Rtsp;

/// <summary>
/// Issue 4 end to end: the real server executable transcribes real RTSP streams (real ffmpeg,
/// GStreamer RTSP server, PocketSphinx, Silero VAD) and serves them to real subscribers.
/// </summary>
public sealed class RtspStreamsTests(RtspStreamsFixture fixture) : IClassFixture<RtspStreamsFixture>
{
    /// <summary>Generous: PocketSphinx runs slower than real time on a loaded machine.</summary>
    private static readonly TimeSpan s_speechTimeout = TimeSpan.FromSeconds(180);

    // PocketSphinx's own bounds on these clips (Eavesdrop.Engine.Tests), with room for live windowing
    private const double OfficeWerBound = 0.8;
    private const double LibraryWerBound = 0.65;

    [Fact]
    public async Task TwoStreams_EachIsTranscribedIntoItsOwnSpeech_InTheLogAndForSubscribers()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var process = fixture.Server.Process;
        // two whole loops on the connection's timeline guarantee one complete repetition of the speech
        await ServerLog.WaitForAsync(process, ServerLog.SegmentCompleted, "office", e => e.GetProperty("End").GetDouble() >= 2 * LoopSeconds("office"), s_speechTimeout, cancellation);
        await ServerLog.WaitForAsync(process, ServerLog.SegmentCompleted, "library", e => e.GetProperty("End").GetDouble() >= 2 * LoopSeconds("library"), s_speechTimeout, cancellation);

        var officeLogged = string.Join(' ', ServerLog.CompletedSegments(process, "office").Select(s => s.Text));
        var libraryLogged = string.Join(' ', ServerLog.CompletedSegments(process, "library").Select(s => s.Text));
        AssertSpeech("office log", StreamAudio.OfficeReference, OfficeWerBound, StreamAudio.LibraryOnlyWords, officeLogged);
        AssertSpeech("library log", StreamAudio.LibraryReference, LibraryWerBound, StreamAudio.OfficeOnlyWords, libraryLogged);

        // a subscriber to both gets each stream's text under its own name
        await using var subscriber = new SubscriberClient(new SubscriberClientOptions { ServerUri = fixture.Server.Uri, StreamNames = ["office", "library"] });
        await subscriber.ConnectAsync(cancellation);
        var texts = new Dictionary<string, List<string>> { ["office"] = [], ["library"] = [] };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(s_speechTimeout);
        await foreach (var update in subscriber.ReadUpdatesAsync(timeout.Token))
        {
            if (update.Message is TranscriptionMessage transcription)
            {
                texts[transcription.Stream].AddRange(update.NewlyCompleted.Select(s => s.Text));
            }

            if (texts.Values.All(t => LoopedSpeech.Words(string.Join(' ', t)).Count >= 40))
            {
                break;
            }
        }

        AssertSpeech("office subscriber", StreamAudio.OfficeReference, OfficeWerBound, StreamAudio.LibraryOnlyWords, string.Join(' ', texts["office"]));
        AssertSpeech("library subscriber", StreamAudio.LibraryReference, LibraryWerBound, StreamAudio.OfficeOnlyWords, string.Join(' ', texts["library"]));
    }

    [Fact]
    public async Task Subscriber_ConnectingAfterTextExists_GetsHistoryFirstThenStatusThenLiveText()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var process = fixture.Server.Process;
        await ServerLog.WaitForAsync(process, ServerLog.SegmentCompleted, "library", null, s_speechTimeout, cancellation);

        await using var subscriber = new SubscriberClient(new SubscriberClientOptions { ServerUri = fixture.Server.Uri, StreamNames = ["library"] });
        await subscriber.ConnectAsync(cancellation);
        var messages = new List<ProtocolMessage>();
        HashSet<(double, string)>? loggedBeforeStatus = null;
        Segment? live = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(s_speechTimeout);
        await foreach (var update in subscriber.ReadUpdatesAsync(timeout.Token))
        {
            messages.Add(update.Message);
            if (update.Message is StreamStatusMessage && loggedBeforeStatus is null)
            {
                loggedBeforeStatus = ServerLog.CompletedSegments(process, "library").Select(s => (Math.Round(s.Start, 3), s.Text)).ToHashSet();
            }
            else if (loggedBeforeStatus is not null && update.NewlyCompleted.FirstOrDefault(s => !loggedBeforeStatus.Contains((s.Start, s.Text))) is { } fresh)
            {
                live = fresh;
                break;
            }
        }

        Assert.All(messages, m => Assert.Equal("library", m switch { TranscriptionMessage t => t.Stream, StreamStatusMessage s => s.Stream, _ => "other" }));
        var history = Assert.IsType<TranscriptionMessage>(messages[0]);
        Assert.Contains(history.Segments, s => s.Completed);
        var statusIndex = messages.FindIndex(m => m is StreamStatusMessage);
        Assert.True(statusIndex > 0, "the latest status comes after the history");
        Assert.Equal(StreamStatus.Online, ((StreamStatusMessage)messages[statusIndex]).Status);
        // everything before the status was history: text the server had logged already
        Assert.All(
            messages.Take(statusIndex).Cast<TranscriptionMessage>().SelectMany(m => m.Segments.Where(s => s.Completed)),
            s => Assert.Contains((s.Start, s.Text), loggedBeforeStatus!));
        Assert.NotNull(live);
    }

    [Fact]
    public async Task BrokenStreams_EachIsLoggedWithItsClass_TheServerKeepsRunningAndGoodStreamsTranscribe()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var process = fixture.Server.Process;
        foreach (var (stream, reason) in new[] { ("missing", "NotFound"), ("locked", "Unauthorized"), ("garage", "NoAudioStream"), ("dead", "ConnectionRefused") })
        {
            var reconnecting = await ServerLog.WaitForAsync(process, ServerLog.Reconnecting, stream, null, TimeSpan.FromSeconds(90), cancellation);
            Assert.Equal(reason, reconnecting.GetProperty("Reason").GetString());
        }

        Assert.False(process.HasExited);
        Assert.DoesNotContain(process.StandardErrorLines, l => l.Contains(RtspStreamsFixture.WrongPassword, StringComparison.Ordinal));
        var before = ServerLog.CompletedSegments(process, "office").Count;
        await process.WaitForLineAsync(
            _ => ServerLog.CompletedSegments(process, "office").Count > before, OutputSource.StandardError, s_speechTimeout, cancellation);

        using var http = new HttpClient();
        var status = await http.GetFromJsonAsync<JsonElement>(new Uri(new UriBuilder(fixture.Server.Uri) { Scheme = "http" }.Uri, "/status"), cancellation);
        var streams = status.GetProperty("streams").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(6, streams.Count);
        Assert.Equal("transcribing", streams["office"].GetProperty("state").GetString());
        Assert.Equal("not_found", streams["missing"].GetProperty("last_error").GetString());
        Assert.Equal("unauthorized", streams["locked"].GetProperty("last_error").GetString());
        Assert.Equal("no_audio_stream", streams["garage"].GetProperty("last_error").GetString());
        Assert.Equal("connection_refused", streams["dead"].GetProperty("last_error").GetString());
        Assert.DoesNotContain(RtspStreamsFixture.WrongPassword, streams["locked"].GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    private double LoopSeconds(string mount) => (new FileInfo(mount == "office" ? Audio.OfficeWav : Audio.LibraryWav).Length - 44) / 32000.0;

    private StreamAudio Audio => fixture.Audio;

    private static void AssertSpeech(string what, string reference, double bound, IReadOnlyList<string> otherStreamWords, string hypothesis)
    {
        var wer = LoopedSpeech.BestWindow(reference, hypothesis);
        Assert.True(wer.Rate <= bound, $"{what}: best {wer} for '{hypothesis}'");
        var words = LoopedSpeech.Words(hypothesis);
        Assert.True(!words.Intersect(otherStreamWords).Any(), $"{what}: cross-talk from the other stream in '{hypothesis}'");
    }
}
