using Eavesdrop.Client;
using Eavesdrop.Protocol;

namespace Eavesdrop.EndToEnd.Tests.Client;

public class CompletedSegmentTrackerTests
{
    private static readonly IReadOnlyList<Segment> s_s = Scripts.JfkSegments();

    private static string[] Texts(IEnumerable<Segment> segments) => [.. segments.Select(s => s.Text.Trim())];

    [Fact]
    public void Accept_OverlappingWindows_ReturnsEachCompletedSegmentOnce()
    {
        var tracker = new CompletedSegmentTracker();

        Assert.Empty(tracker.Accept(Scripts.Window("s", Scripts.Tail(" And", 0, 1))));
        Assert.Equal([s_s[0].Text.Trim()], Texts(tracker.Accept(Scripts.Window("s", s_s[0], Scripts.Tail("", 2.5, 2.5)))));
        Assert.Empty(tracker.Accept(Scripts.Window("s", s_s[0], Scripts.Tail(" ask", 2.5, 3))));
        Assert.Equal(Texts(s_s.Skip(1)), Texts(tracker.Accept(Scripts.Window("s", s_s[1], s_s[2], s_s[3]))));
        Assert.Empty(tracker.Accept(Scripts.Window("s", s_s[2], s_s[3])));
    }

    [Fact]
    public void Accept_ChainRestartedWithSameFirstText_IsNewBecauseWindowLacksTheLastSeenId()
    {
        var tracker = new CompletedSegmentTracker();
        tracker.Accept(Scripts.Window("s", s_s[0], s_s[1]));

        // new epoch: the chain restarts at the baseline, so "And so my fellow Americans," has the same id as before
        var restarted = tracker.Accept(Scripts.Window("s", s_s[0]));

        Assert.Equal([s_s[0].Id], restarted.Select(s => s.Id));
    }

    [Fact]
    public void Accept_SeparateStreamsAndRecordings_AreTrackedApart()
    {
        var tracker = new CompletedSegmentTracker();
        var office = Scripts.Window("office", s_s[0]);

        Assert.Single(tracker.Accept(office));
        Assert.Single(tracker.Accept(Scripts.Window("kitchen", s_s[0])));
        Assert.Single(tracker.Accept(office with { RecordingId = "second" }));
        Assert.Empty(tracker.Accept(office));
    }

    [Fact]
    public void Reset_Stream_ForgetsOnlyThatStream()
    {
        var tracker = new CompletedSegmentTracker();
        tracker.Accept(Scripts.Window("office", s_s[0]));
        tracker.Accept(Scripts.Window("kitchen", s_s[0]));

        tracker.Reset("office");

        Assert.Single(tracker.Accept(Scripts.Window("office", s_s[0])));
        Assert.Empty(tracker.Accept(Scripts.Window("kitchen", s_s[0])));
    }
}
