using System.Threading.Channels;

namespace Eavesdrop.Server.Ingest;

/// <summary>A started child process. Disposing it kills the process if it still runs and reaps it.</summary>
internal interface IRunningProcess : IAsyncDisposable
{
    int Id { get; }

    /// <summary>The child's stdout; reads return 0 once the child has closed it.</summary>
    Stream StandardOutput { get; }

    /// <summary>The child's stderr, one line per item; completes when the child closes stderr.</summary>
    ChannelReader<string> StandardErrorLines { get; }

    /// <summary>Completes with the exit code once the process has exited (128 + n when killed by signal n).</summary>
    Task<int> Exited { get; }

    /// <summary>Asks the process to stop (SIGTERM). No effect once it has exited.</summary>
    void Terminate();

    /// <summary>Stops the process at once (SIGKILL). No effect once it has exited.</summary>
    void Kill();
}
