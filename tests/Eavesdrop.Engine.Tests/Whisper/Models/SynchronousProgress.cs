namespace Eavesdrop.Engine.Tests.Whisper.Models;

/// <summary>Records reports in order on the reporting thread (Progress&lt;T&gt; posts them asynchronously, out of order).</summary>
internal sealed class SynchronousProgress<T> : IProgress<T>
{
    private readonly List<T> _reports = [];

    public IReadOnlyList<T> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(T value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}
