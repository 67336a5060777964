using System.Threading.Channels;
using Eavesdrop.Server.Ingest;

namespace Eavesdrop.Server.Tests.Ingest.Fakes;

/// <summary>A scripted ffmpeg: the test feeds stdout and stderr and decides when and how it exits.</summary>
internal sealed class FakeProcess : IRunningProcess
{
    public const int TerminatedExitCode = 255;
    public const int KilledExitCode = 137;

    private readonly Channel<string> _stderr = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _terminateRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _terminateCount;
    private int _killCount;

    public FakeProcess(int id, string fileName, IReadOnlyList<string> arguments)
    {
        Id = id;
        FileName = fileName;
        Arguments = arguments;
    }

    public int Id { get; }

    public string FileName { get; }

    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Whether SIGTERM makes it exit (like ffmpeg) or is ignored (like a hung one).</summary>
    public bool ExitsOnTerminate { get; set; } = true;

    public FakeOutputStream Output { get; } = new();

    public Stream StandardOutput => Output;

    public ChannelReader<string> StandardErrorLines => _stderr.Reader;

    public Task<int> Exited => _exited.Task;

    public int TerminateCount => Volatile.Read(ref _terminateCount);

    public int KillCount => Volatile.Read(ref _killCount);

    public bool IsDisposed { get; private set; }

    public Task TerminateRequested => _terminateRequested.Task;

    public void WriteStderr(string line) => _stderr.Writer.TryWrite(line);

    /// <summary>Ends the process: stdout and stderr close, then the exit code is reported.</summary>
    public void Exit(int exitCode)
    {
        Output.Complete();
        _stderr.Writer.TryComplete();
        _exited.TrySetResult(exitCode);
    }

    public void Terminate()
    {
        Interlocked.Increment(ref _terminateCount);
        _terminateRequested.TrySetResult();
        if (ExitsOnTerminate)
        {
            Exit(TerminatedExitCode);
        }
    }

    public void Kill()
    {
        Interlocked.Increment(ref _killCount);
        Exit(KilledExitCode);
    }

    public ValueTask DisposeAsync()
    {
        if (!_exited.Task.IsCompleted)
        {
            Kill();
        }

        IsDisposed = true;
        return ValueTask.CompletedTask;
    }
}
