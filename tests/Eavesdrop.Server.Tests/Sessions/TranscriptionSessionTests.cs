using Eavesdrop.Protocol;
using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Tests.Fakes;

namespace Eavesdrop.Server.Tests.Sessions;

public class TranscriptionSessionTests
{
    [Fact]
    public async Task Silence_NeverReachesEngine()
    {
        await using var harness = new SessionHarness();
        await harness.Session.StartRecordingAsync("r1");
        await harness.SendAsync(TestAudio.Silence(20));
        await harness.EndAsync();

        Assert.Equal(0, harness.Engine.Calls);
        Assert.True(harness.Session.SilenceSkippedSamples >= 19.5 * 16000, $"skipped {harness.Session.SilenceSkippedSamples}");
        Assert.Empty(harness.Sink.Completed);
    }

    [Fact]
    public async Task PauseAfterSpeech_CompletesSegmentWithTimesOnRecordingTimeline()
    {
        await using var harness = new SessionHarness();
        await harness.Session.StartRecordingAsync("r1");
        await harness.SendAsync(TestAudio.Concat(TestAudio.Silence(2), TestAudio.Word(1.5, 0.3f), TestAudio.Silence(2)));

        var completed = await WaitForCompletedAsync(harness, 1);
        var segment = Assert.Single(completed);
        Assert.Equal("w30", segment.Text);
        Assert.Equal(2.0, segment.Start, 2);
        Assert.Equal(3.5, segment.End, 2);
        Assert.True(segment.Completed);
        // completed before the client ended: the pause alone finished it
        Assert.Equal(SegmentIdChain.NextId(SegmentIdChain.BaselineId, "w30"), segment.Id);
    }

    [Fact]
    public async Task CompletedSegments_FormTheCrc64Chain()
    {
        await using var harness = new SessionHarness();
        await harness.Session.StartRecordingAsync("r1");
        await harness.SendAsync(TestAudio.Concat(
            TestAudio.Word(0.5, 0.2f), TestAudio.Silence(1.5),
            TestAudio.Word(0.5, 0.4f), TestAudio.Silence(1.5),
            TestAudio.Word(0.5, 0.6f), TestAudio.Silence(1.5)));
        await harness.EndAsync();

        var completed = harness.Sink.Completed.ToList();
        Assert.Equal(["w20", "w40", "w60"], completed.Select(s => s.Text));
        var expected = SegmentIdChain.BaselineId;
        foreach (var segment in completed)
        {
            expected = SegmentIdChain.NextId(expected, segment.Text);
            Assert.Equal(expected, segment.Id);
        }
    }

    [Fact]
    public async Task Window_HoldsLastNCompletedPlusOneTail()
    {
        await using var harness = new SessionHarness(sendLastN: 2);
        await harness.Session.StartRecordingAsync("r1");
        foreach (var level in new[] { 0.2f, 0.3f, 0.4f, 0.5f })
        {
            await harness.SendAsync(TestAudio.Concat(TestAudio.Word(0.5, level), TestAudio.Silence(1.5)));
        }

        await harness.EndAsync();
        var last = harness.Sink.Transcriptions.Last();
        Assert.Equal(3, last.Segments.Count);
        Assert.Equal(["w40", "w50"], last.Segments.Take(2).Select(s => s.Text));
        var tail = last.Segments[^1];
        Assert.False(tail.Completed);
        Assert.Equal(string.Empty, tail.Text);
        Assert.Equal(SegmentIdChain.BaselineId, tail.Id);
        Assert.Equal(tail.Start, tail.End);
        Assert.All(harness.Sink.Transcriptions, t => Assert.Single(t.Segments, s => !s.Completed));
    }

    [Fact]
    public async Task Flush_CompletesOpenSpeechAndMarksFlushComplete()
    {
        await using var harness = new SessionHarness(streaming: new StreamingOptions { IntervalSeconds = 0, MinChunkSeconds = 100 });
        await harness.Session.StartRecordingAsync("r1");
        await harness.SendAsync(TestAudio.Word(1.0, 0.3f));
        Assert.True(await harness.Session.TryFlushAsync("r1", forceComplete: true));

        var flushed = await WaitForAsync(harness, t => t.FlushComplete);
        Assert.Contains(flushed.Segments, s => s.Completed && s.Text == "w30");
        Assert.Equal("r1", flushed.RecordingId);
    }

    [Fact]
    public async Task Flush_WhilePending_IsRejected()
    {
        using var gate = new SemaphoreSlim(0);
        await using var harness = new SessionHarness(engine: new FakeSpeechEngine { Gate = gate }, streaming: new StreamingOptions { IntervalSeconds = 0, MinChunkSeconds = 100 });
        await harness.Session.StartRecordingAsync("r1");
        await harness.SendAsync(TestAudio.Word(1.0, 0.3f));
        Assert.True(await harness.Session.TryFlushAsync("r1", forceComplete: true));
        Assert.False(await harness.Session.TryFlushAsync("r1", forceComplete: true));
        gate.Release(10);
        await WaitForAsync(harness, t => t.FlushComplete);
        Assert.True(await harness.Session.TryFlushAsync("r1", forceComplete: true));
    }

    [Fact]
    public async Task Cancel_DropsInFlightResultAndRestartsChain()
    {
        using var gate = new SemaphoreSlim(0);
        await using var harness = new SessionHarness(engine: new FakeSpeechEngine { Gate = gate }, streaming: new StreamingOptions { IntervalSeconds = 0, MinChunkSeconds = 0.5 });
        await harness.Session.StartRecordingAsync("r1");
        await harness.SendAsync(TestAudio.Word(1.0, 0.3f));
        await Task.Delay(200); // let the live update reach the engine
        await harness.Session.CancelUtteranceAsync("r1");
        gate.Release(100);
        await harness.SendAsync(TestAudio.Concat(TestAudio.Word(0.5, 0.7f), TestAudio.Silence(1.5)));
        await harness.EndAsync();

        var completed = harness.Sink.Completed.ToList();
        Assert.DoesNotContain(completed, s => s.Text == "w30");
        var only = Assert.Single(completed);
        Assert.Equal("w70", only.Text);
        Assert.Equal(SegmentIdChain.NextId(SegmentIdChain.BaselineId, "w70"), only.Id);
    }

    [Fact]
    public async Task NewRecording_RestartsTimelineAndChain()
    {
        await using var harness = new SessionHarness();
        await harness.Session.StartRecordingAsync("r1");
        await harness.SendAsync(TestAudio.Concat(TestAudio.Silence(3), TestAudio.Word(0.5, 0.2f), TestAudio.Silence(1.5)));
        await WaitForCompletedAsync(harness, 1);
        await harness.Session.StartRecordingAsync("r2");
        await harness.SendAsync(TestAudio.Concat(TestAudio.Silence(1), TestAudio.Word(0.5, 0.2f), TestAudio.Silence(1.5)));
        await harness.EndAsync();

        var completed = harness.Sink.Completed.ToList();
        Assert.Equal(2, completed.Count);
        Assert.Equal(3.0, completed[0].Start, 2);
        Assert.Equal(1.0, completed[1].Start, 2);
        Assert.Equal(completed[0].Id, completed[1].Id); // same text from a restarted chain
        Assert.Equal("r2", harness.Sink.Transcriptions.Last().RecordingId);
    }

    [Fact]
    public async Task ContinuousSpeech_IsForceCompletedAtMaxWindow_AndMemoryStaysBounded()
    {
        await using var harness = new SessionHarness(vad: false, streaming: new StreamingOptions { IntervalSeconds = 0, MaxWindowSeconds = 5 });
        await harness.Session.StartRecordingAsync("r1");
        await harness.SendAsync(TestAudio.Word(22, 0.3f), chunkSeconds: 0.5);
        await Task.Delay(500);

        Assert.True(harness.Sink.Completed.Count() >= 3, $"completed {harness.Sink.Completed.Count()}");
        await harness.EndAsync();
        var completed = harness.Sink.Completed.ToList();
        Assert.Equal(22.0, completed.Sum(s => s.End - s.Start), 1);
        Assert.All(completed.Zip(completed.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start, 3));
    }

    [Fact]
    public async Task BurstOfAudio_IsNeverSentInWindowsLongerThanTheMaximum()
    {
        var engine = new FakeSpeechEngine();
        await using var harness = new SessionHarness(engine: engine, streaming: new StreamingOptions { IntervalSeconds = 0, MaxWindowSeconds = 5 });
        await harness.Session.StartRecordingAsync("r1");
        // one burst (as a fast client sends it): 12 s of speech, then a pause
        await harness.SendAsync(TestAudio.Concat(TestAudio.Word(12, 0.3f), TestAudio.Silence(2)), chunkSeconds: 2);
        await harness.EndAsync();

        Assert.All(engine.WindowSeconds, w => Assert.True(w <= 5.0 + 1e-9, $"window of {w} s"));
        Assert.Equal(12.0, harness.Sink.Completed.Sum(s => s.End - s.Start), 1);
    }

    [Fact]
    public async Task InterimUpdates_AreShedWhileOtherWindowsWait_FinalsAreNot()
    {
        using var gate = new SemaphoreSlim(0);
        var engine = new FakeSpeechEngine { Gate = gate };
        var streaming = new StreamingOptions { IntervalSeconds = 0, MinChunkSeconds = 0.5 };
        await using var busy = new SessionHarness(engine: engine, streaming: streaming);
        await using var shedder = new SessionHarness(streaming: streaming, scheduler: busy.Scheduler);
        try
        {
            await busy.Session.StartRecordingAsync("a");
            await busy.SendAsync(TestAudio.Word(1, 0.2f));
            await Eventually(() => engine.WindowSeconds.IsEmpty && busy.Scheduler.QueueLength == 0 && busy.Session.InferenceCount == 1);

            // a second window waits behind the blocked one
            var waiting = busy.Scheduler.TranscribeAsync(new Eavesdrop.Engine.Abstractions.TranscriptionRequest(TestAudio.Word(1, 0.1f), Eavesdrop.Engine.Abstractions.DecodingOptions.Default));
            Assert.Equal(1, busy.Scheduler.QueueLength);

            await shedder.Session.StartRecordingAsync("c");
            await shedder.SendAsync(TestAudio.Word(2, 0.7f));
            await Task.Delay(300);
            Assert.Equal(0, shedder.Session.InferenceCount);

            gate.Release(1000);
            await waiting;
            await shedder.SendAsync(TestAudio.Silence(1));
            await shedder.EndAsync();
            Assert.Equal("w70", Assert.Single(shedder.Sink.Completed).Text);
            Assert.DoesNotContain(shedder.Sink.Transcriptions, t => t.Segments.Any(s => !s.Completed && s.Text == "w70"));
        }
        finally
        {
            gate.Release(1000); // never leave the inference thread blocked, even when an assertion failed
        }
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task EndOfAudio_TranscribesWhatIsLeft()
    {
        await using var harness = new SessionHarness(streaming: new StreamingOptions { IntervalSeconds = 0, MinChunkSeconds = 100 });
        await harness.Session.StartRecordingAsync("r1");
        await harness.SendAsync(TestAudio.Word(1.0, 0.5f));
        await harness.EndAsync();

        Assert.Equal("w50", Assert.Single(harness.Sink.Completed).Text);
    }

    [Fact]
    public async Task FileMode_TranscribesInFullWindows()
    {
        await using var harness = new SessionHarness(mode: SourceMode.File, vad: false, streaming: new StreamingOptions { MaxWindowSeconds = 10 });
        await harness.Session.StartRecordingAsync(null);
        await harness.SendAsync(TestAudio.Concat(TestAudio.Word(4, 0.2f), TestAudio.Silence(0.5), TestAudio.Word(4, 0.4f), TestAudio.Silence(0.5), TestAudio.Word(4, 0.6f)), chunkSeconds: 1);
        await harness.EndAsync();

        Assert.Equal(["w20", "w40", "w60"], harness.Sink.Completed.Select(s => s.Text));
        Assert.True(harness.Engine.Calls <= 3, $"calls {harness.Engine.Calls}");
    }

    [Fact]
    public async Task LanguageDetection_IsAnnouncedOncePerRecording()
    {
        await using var harness = new SessionHarness();
        await harness.Session.StartRecordingAsync("r1");
        await harness.SendAsync(TestAudio.Concat(TestAudio.Word(0.5, 0.2f), TestAudio.Silence(1.5), TestAudio.Word(0.5, 0.3f), TestAudio.Silence(1.5)));
        await harness.EndAsync();

        var (language, probability) = Assert.Single(harness.Sink.Languages);
        Assert.Equal("en", language);
        Assert.Equal(0.99, probability, 2);
    }

    [Fact]
    public async Task EngineFault_CostsOneWindow_SessionGoesOn()
    {
        await using var harness = new SessionHarness(engine: new FakeSpeechEngine { FailuresToThrow = 1 });
        await harness.Session.StartRecordingAsync("r1");
        await harness.SendAsync(TestAudio.Concat(TestAudio.Word(0.5, 0.2f), TestAudio.Silence(1.5)));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (harness.Sink.Errors.IsEmpty)
        {
            Assert.True(DateTime.UtcNow < deadline, "no error reported");
            await Task.Delay(20);
        }

        await harness.SendAsync(TestAudio.Concat(TestAudio.Word(0.5, 0.3f), TestAudio.Silence(1.5)));
        await harness.EndAsync();

        Assert.Contains("simulated engine fault", Assert.Single(harness.Sink.Errors), StringComparison.Ordinal);
        Assert.Equal("w30", Assert.Single(harness.Sink.Completed).Text);
    }

    private static async Task<List<Eavesdrop.Server.Sessions.SessionSegment>> WaitForCompletedAsync(SessionHarness harness, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (harness.Sink.Completed.Count() < count)
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for completed segments");
            await Task.Delay(20);
        }

        return harness.Sink.Completed.ToList();
    }

    private static async Task<Eavesdrop.Server.Sessions.SessionTranscription> WaitForAsync(SessionHarness harness, Func<Eavesdrop.Server.Sessions.SessionTranscription, bool> predicate)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var match = harness.Sink.Transcriptions.FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for a transcription");
            await Task.Delay(20);
        }
    }
}
