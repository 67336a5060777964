using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Channels;

namespace Eavesdrop.Server.Ingest;

/// <summary>A <see cref="Process"/> behind <see cref="IRunningProcess"/>; stderr is pumped into a line channel.</summary>
internal sealed class SystemRunningProcess : IRunningProcess
{
    private readonly Process _process;
    private readonly Channel<string> _stderrLines = Channel.CreateUnbounded<string>(
        new UnboundedChannelOptions { SingleWriter = true });
    private readonly Task _stderrPump;
    private int _disposed;

    public SystemRunningProcess(Process process)
    {
        _process = process;
        Id = process.Id;
        Exited = WaitForExitCodeAsync(process);
        _stderrPump = PumpStandardErrorAsync(process.StandardError, _stderrLines.Writer);
    }

    public int Id { get; }

    public Stream StandardOutput => _process.StandardOutput.BaseStream;

    public ChannelReader<string> StandardErrorLines => _stderrLines.Reader;

    public Task<int> Exited { get; }

    public void Terminate()
    {
        if (!Exited.IsCompleted)
        {
            PosixSignals.Send(Id, PosixSignals.SigTerm);
        }
    }

    public void Kill()
    {
        if (Exited.IsCompleted)
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // exited between the check and the kill
        }
        catch (Win32Exception)
        {
            // same race, reported by the OS
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Kill();
        await Exited;
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the pipe broke when the child died
        }

        await _stderrPump;
        _process.Dispose();
    }

    private static async Task<int> WaitForExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static async Task PumpStandardErrorAsync(StreamReader stderr, ChannelWriter<string> lines)
    {
        try
        {
            while (await stderr.ReadLineAsync() is { } line)
            {
                lines.TryWrite(line);
            }
        }
        catch (IOException)
        {
            // the pipe broke; the process is gone
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            lines.TryComplete();
        }
    }
}
