using Eavesdrop.Protocol;

namespace Eavesdrop.Client;

/// <summary>
/// Turns the overlapping windows of <c>transcription</c> messages into each completed segment
/// exactly once. Each window repeats the last N completed segments; the segments after the last
/// id already seen are new. A window without that id (the chain restarted, or more than N
/// segments completed between two messages) is new in full. Tracks each stream (and each
/// <c>recording_id</c>, when the server sends one) separately. Not thread-safe.
/// </summary>
public sealed class CompletedSegmentTracker
{
    private readonly Dictionary<string, ulong> _lastSeenIdByStream = new(StringComparer.Ordinal);

    /// <summary>The completed segments of <paramref name="message"/> not seen before, in order.</summary>
    public IReadOnlyList<Segment> Accept(TranscriptionMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var completed = message.Segments.Where(s => s.Completed).ToList();
        if (completed.Count == 0)
        {
            return [];
        }

        var firstNew = 0;
        var key = KeyOf(message);
        if (_lastSeenIdByStream.TryGetValue(key, out var lastSeen))
        {
            firstNew = completed.FindLastIndex(s => s.Id == lastSeen) + 1;
        }

        _lastSeenIdByStream[key] = completed[^1].Id;
        return completed.GetRange(firstNew, completed.Count - firstNew);
    }

    /// <summary>
    /// Forgets what was seen on <paramref name="stream"/> (or on every stream when null). A
    /// restarted chain is recognised without it; reset only when a restart is known for certain
    /// (e.g. an RTSP stream came back online) and no message from before it can still arrive,
    /// so that a first segment whose text equals the last one seen is not taken for it.
    /// </summary>
    public void Reset(string? stream = null)
    {
        if (stream is null)
        {
            _lastSeenIdByStream.Clear();
            return;
        }

        foreach (var key in _lastSeenIdByStream.Keys.Where(k => k.StartsWith(stream + "\0", StringComparison.Ordinal)).ToList())
        {
            _lastSeenIdByStream.Remove(key);
        }
    }

    private static string KeyOf(TranscriptionMessage message) => $"{message.Stream}\0{message.RecordingId}";
}
