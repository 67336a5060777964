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
    public async Task<StreamStatusChange> WaitForAsync(StreamState state)
    {
        using var cts = new CancellationTokenSource(TestTimeouts.Safety);
        while (true)
        {
            var change = await _pending.Reader.ReadAsync(cts.Token);
            if (change.Current.State == state)
            {
                return change;
            }
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
