using Eavesdrop.Protocol;

namespace Eavesdrop.Server.Sessions;

/// <summary>
/// The completed segments a session still shows (the last N; older ones are forgotten, unlike the
/// original, whose history grew forever) and the head of the CRC-64 id chain.
/// </summary>
internal sealed class CompletedSegmentHistory
{
    private readonly Queue<SessionSegment> _recent = new();
    private readonly int _capacity;
    private readonly SegmentIdChain _chain = new();

    public CompletedSegmentHistory(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Id of the last completed segment, or the baseline when none completed since the chain restarted.</summary>
    public ulong LastId => _chain.LastCompletedId;

    public int TotalCompleted { get; private set; }

    public IEnumerable<SessionSegment> Recent => _recent;

    /// <summary>The text of the last few completed segments, used to prompt the next window.</summary>
    public string RecentText(int maxChars)
    {
        var text = string.Join(' ', _recent.Select(s => s.Text));
        return text.Length <= maxChars ? text : text[^maxChars..];
    }

    /// <summary>Assigns the next chain id to <paramref name="segment"/> and remembers it.</summary>
    public SessionSegment Complete(SessionSegment segment)
    {
        var text = segment.Text.Trim();
        var completed = segment with { Id = _chain.Complete(text), Text = text, Completed = true };
        TotalCompleted++;
        _recent.Enqueue(completed);
        while (_recent.Count > _capacity)
        {
            _recent.Dequeue();
        }

        return completed;
    }

    /// <summary>A new recording epoch, a cancel, or an RTSP reconnect restarts the chain.</summary>
    public void Restart()
    {
        _recent.Clear();
        _chain.Reset();
    }
}
