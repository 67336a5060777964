using Eavesdrop.Server.Ingest;

namespace Eavesdrop.Server.Tests.Ingest.Integration;

/// <summary>The real runner, remembering every process id it started so tests can check the process table.</summary>
internal sealed class RecordingProcessRunner : IProcessRunner
{
    private readonly Lock _lock = new();
    private readonly List<int> _processIds = [];

    public IReadOnlyList<int> ProcessIds
    {
        get
        {
            lock (_lock)
            {
                return [.. _processIds];
            }
        }
    }

    public IRunningProcess Start(string fileName, IReadOnlyList<string> arguments)
    {
        var process = SystemProcessRunner.Instance.Start(fileName, arguments);
        lock (_lock)
        {
            _processIds.Add(process.Id);
        }

        return process;
    }
}
