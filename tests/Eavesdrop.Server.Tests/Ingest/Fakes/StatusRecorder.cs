using System.Threading.Channels;
using Eavesdrop.Server.Ingest;

namespace Eavesdrop.Server.Tests.Ingest.Fakes;

/// <summary>Records a client's <see cref="RtspClient.StatusChanged"/> events so a test can wait for a state.</summary>
internal sealed class StatusRecorder
{
    private readonly Channel<StreamStatusChange> _pending = Channel.CreateUnbounded<StreamStatusChange>();
    private readonly Lock _lock = new();
    private readonly List<StreamStatusChange> _all = [];

    public StatusRecorder(RtspClient client) => client.StatusChanged += OnChanged;

    public IReadOnlyList<StreamStatusChange> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _all];
            }
        }
    }

    /// <summary>The next change into <paramref name="state"/>, skipping changes into other states.</summary>
    public Task<StreamStatusChange> WaitForAsync(StreamState state) => WaitForAsync(c => c.Current.State == state, state.ToString());

    /// <summary>The next change matching <paramref name="predicate"/>, skipping the others.</summary>
    public async Task<StreamStatusChange> WaitForAsync(Func<StreamStatusChange, bool> predicate, string description)
    {
        using var cts = new CancellationTokenSource(TestTimeouts.Safety);
        try
        {
            while (true)
            {
                var change = await _pending.Reader.ReadAsync(cts.Token);
                if (predicate(change))
                {
                    return change;
                }
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            var seen = string.Join(", ", All.Select(c => $"{c.Current.State}({c.End?.Error})"));
            throw new TimeoutException($"No status change '{description}' within {TestTimeouts.Safety}; seen: {seen}");
        }
    }

    private void OnChanged(StreamStatusChange change)
    {
        lock (_lock)
        {
            _all.Add(change);
        }

        _pending.Writer.TryWrite(change);
    }
}
