namespace Eavesdrop.Server.Sessions;

/// <summary>
/// The not-yet-finalised audio of one session, addressed by absolute sample index on the
/// recording's timeline. The streaming policy discards audio as soon as it is finalised or known
/// to be silence, so memory stays bounded by the policy's maximum window, not by session length.
/// </summary>
internal sealed class AudioWindowBuffer
{
    private float[] _samples = new float[16000 * 4];
    private int _count;
    private long _start;

    /// <summary>Absolute index of the first sample held.</summary>
    public long Start => _start;

    /// <summary>Absolute index one past the last sample received.</summary>
    public long End => _start + _count;

    public int Count => _count;

    public void Append(ReadOnlySpan<float> samples)
    {
        if (_count + samples.Length > _samples.Length)
        {
            Array.Resize(ref _samples, Math.Max(_samples.Length * 2, _count + samples.Length));
        }

        samples.CopyTo(_samples.AsSpan(_count));
        _count += samples.Length;
    }

    /// <summary>A copy of [from, to): in-flight inference must not see later shifts of the buffer.</summary>
    public float[] Copy(long from, long to)
    {
        if (from < _start || to > End || from > to)
        {
            throw new ArgumentOutOfRangeException(nameof(from), $"[{from}, {to}) is outside the buffer [{_start}, {End}).");
        }

        return _samples.AsSpan((int)(from - _start), (int)(to - from)).ToArray();
    }

    /// <summary>Drops every sample before <paramref name="absoluteIndex"/>.</summary>
    public void DiscardBefore(long absoluteIndex)
    {
        var drop = (int)Math.Clamp(absoluteIndex - _start, 0, _count);
        if (drop == 0)
        {
            return;
        }

        _samples.AsSpan(drop, _count - drop).CopyTo(_samples);
        _count -= drop;
        _start += drop;
        // Give memory back after a long utterance so an idle session stays small.
        if (_samples.Length > 16000 * 8 && _count < _samples.Length / 4)
        {
            Array.Resize(ref _samples, Math.Max(16000 * 4, _count * 2));
        }
    }

    /// <summary>Empties the buffer and restarts the timeline at <paramref name="start"/>.</summary>
    public void Reset(long start = 0)
    {
        _count = 0;
        _start = start;
    }
}
