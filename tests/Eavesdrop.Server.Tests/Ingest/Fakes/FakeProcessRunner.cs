using System.Threading.Channels;
using Eavesdrop.Server.Ingest;

namespace Eavesdrop.Server.Tests.Ingest.Fakes;

/// <summary>Hands out <see cref="FakeProcess"/>es and records when (on the fake clock) each start happened.</summary>
internal sealed class FakeProcessRunner(TimeProvider timeProvider) : IProcessRunner
{
    private readonly Channel<FakeProcess?> _attempts = Channel.CreateUnbounded<FakeProcess?>();
    private readonly Channel<Exception> _startFailures = Channel.CreateUnbounded<Exception>();
    private readonly Lock _lock = new();
    private readonly List<DateTimeOffset> _startTimes = [];
    private int _nextId = 1000;

    /// <summary>Times of every start attempt, failed ones included.</summary>
    public IReadOnlyList<DateTimeOffset> StartTimes
    {
        get
        {
            lock (_lock)
            {
                return [.. _startTimes];
            }
        }
    }

    public int StartCount
    {
        get
        {
            lock (_lock)
            {
                return _startTimes.Count;
            }
        }
    }

    /// <summary>Makes the next start attempt throw <paramref name="exception"/>.</summary>
    public void FailNextStart(Exception exception) => _startFailures.Writer.TryWrite(exception);

    public IRunningProcess Start(string fileName, IReadOnlyList<string> arguments)
    {
        lock (_lock)
        {
            _startTimes.Add(timeProvider.GetUtcNow());
        }

        if (_startFailures.Reader.TryRead(out var failure))
        {
            _attempts.Writer.TryWrite(null);
            throw failure;
        }

        var process = new FakeProcess(Interlocked.Increment(ref _nextId), fileName, arguments);
        _attempts.Writer.TryWrite(process);
        return process;
    }

    /// <summary>The next successfully started process.</summary>
    public async Task<FakeProcess> NextProcessAsync() =>
        await NextAttemptAsync() ?? throw new InvalidOperationException("The start attempt was made to fail.");

    /// <summary>Waits for the next start attempt; null when that attempt was made to fail.</summary>
    public async Task<FakeProcess?> NextAttemptAsync() =>
        await _attempts.Reader.ReadAsync().AsTask().OrTimeout();
}
