namespace Eavesdrop.Server.Inference;

/// <summary>
/// Cancels an engine call only when every session in its batch has gone away: one session's
/// cancel must not throw away the other sessions' windows.
/// </summary>
internal sealed class BatchCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly CancellationTokenRegistration[] _registrations;
    private int _remaining;

    public BatchCancellation(IReadOnlyList<InferenceWorkItem> items)
    {
        _remaining = items.Count;
        _registrations = new CancellationTokenRegistration[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            _registrations[i] = items[i].CancellationToken.Register(OnItemCancelled);
        }
    }

    public CancellationToken Token => _source.Token;

    private void OnItemCancelled()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _source.Cancel();
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }
}
