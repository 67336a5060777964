using Eavesdrop.Protocol;
using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Streams;
using Microsoft.Extensions.Time.Testing;

namespace Eavesdrop.Server.Tests.Streams;

public class StreamHubTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void PublishTranscription_MoreThanMaxMessages_HistoryKeepsTheNewest()
    {
        var hub = NewHub(maxMessages: 3);
        for (var i = 1; i <= 5; i++)
        {
            hub.PublishTranscription(Message($"m{i}"), keepInHistory: true);
        }

        Assert.Equal(["m3", "m4", "m5"], hub.History.Select(Text));
    }

    [Fact]
    public void History_EntriesOlderThanMaxAge_AreDropped()
    {
        var hub = NewHub(maxAge: TimeSpan.FromMinutes(10));
        hub.PublishTranscription(Message("old"), keepInHistory: true);
        _time.Advance(TimeSpan.FromMinutes(6));
        hub.PublishTranscription(Message("newer"), keepInHistory: true);
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(["newer"], hub.History.Select(Text));

        _time.Advance(TimeSpan.FromMinutes(6));
        var subscriber = new StreamSubscriber();
        Assert.True(hub.Attach(subscriber));
        Assert.Empty(hub.History);
        Assert.False(subscriber.Messages.TryRead(out _));
    }

    [Fact]
    public void PublishTranscription_TailOnlyUpdate_IsSentLiveButNotKept()
    {
        var hub = NewHub();
        var live = Attached(hub);
        hub.PublishTranscription(Message("tail"), keepInHistory: false);

        Assert.Empty(hub.History);
        Assert.Equal(["tail"], Drain(live).Select(m => Text((TranscriptionMessage)m)));
    }

    [Fact]
    public void Attach_AfterTextAndStatus_ReplaysHistoryThenLatestStatusThenLive()
    {
        var hub = NewHub();
        hub.PublishTranscription(Message("a"), keepInHistory: true);
        hub.PublishStatus(Status(StreamStatus.Offline, "disconnected"));
        hub.PublishTranscription(Message("b"), keepInHistory: true);
        hub.PublishStatus(Status(StreamStatus.Online));

        var subscriber = Attached(hub);
        hub.PublishTranscription(Message("live"), keepInHistory: false);

        var received = Drain(subscriber);
        Assert.Equal(4, received.Count);
        Assert.Equal("a", Text(Assert.IsType<TranscriptionMessage>(received[0])));
        Assert.Equal("b", Text(Assert.IsType<TranscriptionMessage>(received[1])));
        Assert.Equal(StreamStatus.Online, Assert.IsType<StreamStatusMessage>(received[2]).Status);
        Assert.Equal("live", Text(Assert.IsType<TranscriptionMessage>(received[3])));
    }

    [Fact]
    public void Publish_ManySubscribers_EachGetsEveryMessageInOrder()
    {
        var hub = NewHub();
        var subscribers = Enumerable.Range(0, 20).Select(_ => Attached(hub)).ToList();
        for (var i = 0; i < 50; i++)
        {
            hub.PublishTranscription(Message($"m{i}"), keepInHistory: i % 2 == 0);
        }

        hub.PublishStatus(Status(StreamStatus.Offline, "gone"));
        Assert.Equal(20, hub.SubscriberCount);
        foreach (var subscriber in subscribers)
        {
            var received = Drain(subscriber);
            Assert.Equal(51, received.Count);
            Assert.Equal(Enumerable.Range(0, 50).Select(i => $"m{i}"), received.Take(50).Select(m => Text((TranscriptionMessage)m)));
            Assert.IsType<StreamStatusMessage>(received[^1]);
        }
    }

    [Fact]
    public void Publish_SlowSubscriberOverflows_IsDroppedAndOthersKeepReceiving()
    {
        var hub = NewHub();
        var slow = new StreamSubscriber(queueCapacity: 4);
        var overflowed = 0;
        slow.OverflowDetected += _ => overflowed++;
        Assert.True(hub.Attach(slow));
        var fast = Attached(hub);

        var fastReceived = new List<ProtocolMessage>();
        for (var i = 0; i < 100; i++)
        {
            // publishing never waits, however far behind the slow one is
            hub.PublishTranscription(Message($"m{i}"), keepInHistory: true);
            fastReceived.AddRange(Drain(fast));
        }

        Assert.True(slow.Overflowed);
        Assert.Equal(1, overflowed);
        Assert.Equal(1, hub.SubscriberCount);
        Assert.Equal(100, fastReceived.Count);
        // the slow one keeps only what fitted before the overflow, and its queue is closed
        Assert.Equal(["m0", "m1", "m2", "m3"], Drain(slow).Select(m => Text((TranscriptionMessage)m)));
        Assert.True(slow.Messages.Completion.IsCompleted);
    }

    [Fact]
    public void Complete_ClosesSubscriberQueuesAndRefusesNewOnes()
    {
        var hub = NewHub();
        var subscriber = Attached(hub);
        hub.PublishTranscription(Message("last"), keepInHistory: true);
        hub.Complete();

        Assert.Single(Drain(subscriber));
        Assert.True(subscriber.Messages.Completion.IsCompleted);
        Assert.False(subscriber.Overflowed);
        Assert.False(hub.Attach(new StreamSubscriber()));
    }

    [Fact]
    public void PublishStatus_IsRememberedForLatecomers_OnlyTheLatest()
    {
        var hub = NewHub();
        hub.PublishStatus(Status(StreamStatus.Error, "not_found: 404"));
        hub.PublishStatus(Status(StreamStatus.Offline, "disconnected"));

        var received = Drain(Attached(hub));
        var status = Assert.IsType<StreamStatusMessage>(Assert.Single(received));
        Assert.Equal(StreamStatus.Offline, status.Status);
        Assert.Equal("office", status.Stream);
    }

    private StreamHub NewHub(int maxMessages = 100, TimeSpan? maxAge = null) =>
        new("office", new HistoryOptions { MaxMessages = maxMessages, MaxAge = maxAge ?? TimeSpan.FromHours(1) }, _time);

    private static StreamSubscriber Attached(StreamHub hub)
    {
        var subscriber = new StreamSubscriber();
        Assert.True(hub.Attach(subscriber));
        return subscriber;
    }

    private static List<ProtocolMessage> Drain(StreamSubscriber subscriber)
    {
        var messages = new List<ProtocolMessage>();
        while (subscriber.Messages.TryRead(out var message))
        {
            messages.Add(message);
        }

        return messages;
    }

    private static TranscriptionMessage Message(string text) => new()
    {
        Stream = "office",
        Segments = [new Segment { Id = 1, Seek = 0, Start = 0, End = 1, Text = text, Tokens = [], AvgLogprob = 0, CompressionRatio = 1, Completed = true }],
    };

    private static StreamStatusMessage Status(StreamStatus status, string? message = null) => new() { Stream = "office", Status = status, Message = message };

    private static string Text(TranscriptionMessage message) => message.Segments[0].Text;
}
