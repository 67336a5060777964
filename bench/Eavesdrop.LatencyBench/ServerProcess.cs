using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Eavesdrop.LatencyBench;

/// <summary>
/// The real <c>eavesdrop serve</c> executable on 127.0.0.1 and an ephemeral port, with JSON logs on
/// stderr: knows its address, the CPU time it has used (from /proc) and every "session ended" log
/// line. Stopped with SIGTERM (SIGKILL if it does not exit in time).
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private const int SessionEndedEventId = 1101;

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<SessionEnd> _sessionEnds = [];
    private readonly List<string> _stderr = [];
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) => OnStandardErrorLine(e.Data);
        _process.OutputDataReceived += (_, _) => { };
        _process.Start();
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public int Id => _process.Id;

    public Uri Address => _listening.Task.IsCompletedSuccessfully ? _listening.Task.Result : throw new InvalidOperationException("Not listening yet.");

    /// <summary>Starts <c>dotnet eavesdrop.dll serve --engine sphinx --port 0 --json-logs</c> and waits for its "Listening on" line.</summary>
    public static async Task<ServerProcess> StartAsync(string eavesdropDll, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { eavesdropDll, "serve", "--engine", "sphinx", "--host", "127.0.0.1", "--port", "0", "--json-logs" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        var server = new ServerProcess(new Process { StartInfo = startInfo });
        try
        {
            await server._listening.Task.WaitAsync(timeout, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>User plus system CPU time of the server process so far.</summary>
    public TimeSpan CpuTime => ProcessCpuTime.Read(Id);

    /// <summary>Sessions ended so far.</summary>
    public int SessionEndCount
    {
        get
        {
            lock (_gate)
            {
                return _sessionEnds.Count;
            }
        }
    }

    /// <summary>The "session ended" lines from index <paramref name="from"/> on.</summary>
    public IReadOnlyList<SessionEnd> SessionEndsSince(int from)
    {
        lock (_gate)
        {
            return _sessionEnds.Skip(from).ToList();
        }
    }

    /// <summary>Waits until <paramref name="count"/> sessions in total have ended.</summary>
    public async Task WaitForSessionEndsAsync(int count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        while (SessionEndCount < count)
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Only {SessionEndCount} of {count} sessions ended within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>SIGTERM, then waits for the exit; SIGKILL after <paramref name="grace"/>.</summary>
    public async Task<int> StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            _ = NativeMethods.Kill(Id, NativeMethods.SigTerm);
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        return _process.ExitCode;
    }

    /// <summary>The last stderr lines, for error messages.</summary>
    public string Tail(int lines)
    {
        lock (_gate)
        {
            return string.Join('\n', _stderr.TakeLast(lines));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await StopAsync(TimeSpan.FromSeconds(15));
        }

        _process.Dispose();
    }

    private void OnStandardErrorLine(string? line)
    {
        if (line is null)
        {
            _listening.TrySetException(new InvalidOperationException($"The server exited before listening.\n{Tail(20)}"));
            return;
        }

        lock (_gate)
        {
            _stderr.Add(line);
        }

        if (ListeningPattern().Match(line) is { Success: true } listening)
        {
            _listening.TrySetResult(new Uri(listening.Groups[1].Value));
        }

        if (TryParseSessionEnd(line) is { } end)
        {
            lock (_gate)
            {
                _sessionEnds.Add(end);
            }
        }
    }

    private static SessionEnd? TryParseSessionEnd(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (!root.TryGetProperty("EventId", out var eventId) || !eventId.TryGetProperty("Id", out var id) || id.GetInt32() != SessionEndedEventId)
            {
                return null;
            }

            return new SessionEnd(
                root.GetProperty("AudioSeconds").GetDouble(),
                root.GetProperty("Inferences").GetInt32(),
                root.TryGetProperty("Outcome", out var outcome) ? outcome.ToString() : "?");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"Listening on (ws://127\.0\.0\.1:\d+/)")]
    private static partial Regex ListeningPattern();

    private static class NativeMethods
    {
        public const int SigTerm = 15;

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }
}
