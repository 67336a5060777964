namespace Eavesdrop.Server.Ingest;

/// <summary>
/// Fires when a read of ffmpeg's stdout waits longer than the timeout. Armed only while waiting for
/// ffmpeg, never while waiting for a slow consumer, so backpressure is not mistaken for a dead stream.
/// </summary>
internal sealed class NoDataWatchdog : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly ITimer _timer;
    private readonly TaskCompletionSource _fired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private bool _armed;

    public NoDataWatchdog(TimeProvider timeProvider, TimeSpan timeout)
    {
        _timeout = timeout;
        _timer = timeProvider.CreateTimer(OnTimer, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Completes once the timeout has passed with the watchdog armed.</summary>
    public Task Fired => _fired.Task;

    public void Arm()
    {
        lock (_lock)
        {
            _armed = true;
            _timer.Change(_timeout, Timeout.InfiniteTimeSpan);
        }
    }

    public void Disarm()
    {
        lock (_lock)
        {
            _armed = false;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void OnTimer(object? state)
    {
        lock (_lock)
        {
            if (!_armed)
            {
                return;
            }
        }

        _fired.TrySetResult();
    }
}
