using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Eavesdrop.Tests.Common.Rtsp;

/// <summary>
/// A real RTSP server (GStreamer's gst-rtsp-server through <c>tests/fixtures/rtsp/rtsp_test_server.py</c>)
/// on 127.0.0.1 and a free port, for integration and end-to-end tests. It can be killed, frozen
/// (SIGSTOP), thawed (SIGCONT) and restarted on the same port.
/// </summary>
public sealed partial class RtspTestServer : IAsyncDisposable
{
    public const string Host = "127.0.0.1";

    /// <summary>Debian's python, which has gi/GStreamer (the pyenv one on PATH does not).</summary>
    public const string Python = "/usr/bin/python3";

    private const int RestartAttempts = 10;

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(20);

    private readonly IReadOnlyList<RtspMount> _mounts;
    private readonly Lock _outputLock = new();
    private readonly List<string> _output = [];
    private Process? _process;
    private int _disposed;

    private RtspTestServer(IReadOnlyList<RtspMount> mounts) => _mounts = mounts;

    /// <summary>The server script inside the repository.</summary>
    public static string ScriptPath => Path.Combine(TestPaths.RepoRoot, "tests", "fixtures", "rtsp", "rtsp_test_server.py");

    /// <summary>The port, fixed at the first start and reused by <see cref="RestartAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>The server's process id; changes on restart.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The server is not running.");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Everything the server printed (stdout and stderr), for diagnosing failures.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_outputLock)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>Starts a server with <paramref name="mounts"/> on a free port and waits until it listens.</summary>
    public static async Task<RtspTestServer> StartAsync(IEnumerable<RtspMount> mounts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        var list = mounts.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("Give at least one mount.", nameof(mounts));
        }

        var server = new RtspTestServer(list);
        try
        {
            server.Port = await server.LaunchAsync(port: 0, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The URL of a mount, optionally with credentials (percent-encoded).</summary>
    public Uri UrlFor(string mount, string? user = null, string? password = null)
    {
        var userInfo = user is null
            ? string.Empty
            : Uri.EscapeDataString(user) + (password is null ? string.Empty : ":" + Uri.EscapeDataString(password)) + "@";
        return new Uri($"rtsp://{userInfo}{Host}:{Port.ToString(CultureInfo.InvariantCulture)}/{mount}");
    }

    /// <summary>SIGKILLs the server (clients see the connection drop) and waits until it is gone.</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        process.Dispose();
    }

    /// <summary>SIGSTOPs the server: connections stay open but nothing more arrives.</summary>
    public Task SuspendAsync(CancellationToken cancellationToken = default) => SignalAsync("-STOP", cancellationToken);

    /// <summary>SIGCONTs a suspended server.</summary>
    public Task ResumeAsync(CancellationToken cancellationToken = default) => SignalAsync("-CONT", cancellationToken);

    /// <summary>Kills the server if it runs and starts it again on the same port with the same mounts.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await KillAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await LaunchAsync(Port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException) when (attempt < RestartAttempts)
            {
                // the port can stay busy for a moment after the old server died
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // SIGKILL works on a SIGSTOPped process too
        await KillAsync().ConfigureAwait(false);
    }

    private async Task<int> LaunchAsync(int port, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(Python)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add("-u");
        startInfo.ArgumentList.Add(ScriptPath);
        startInfo.ArgumentList.Add(Host);
        startInfo.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        foreach (var mount in _mounts)
        {
            startInfo.ArgumentList.Add(mount.Spec);
        }

        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnOutput(e.Data, ready);
        process.ErrorDataReceived += (_, e) => OnOutput(e.Data, ready);
        process.Exited += (_, _) => ready.TrySetException(
            new InvalidOperationException($"The RTSP test server exited before READY:{Environment.NewLine}{string.Join(Environment.NewLine, Output)}"));
        process.Start();
        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_startTimeout);
        try
        {
            return await ready.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await KillAsync(CancellationToken.None).ConfigureAwait(false);
            throw new TimeoutException($"The RTSP test server did not print READY within {s_startTimeout}:{Environment.NewLine}{string.Join(Environment.NewLine, Output)}");
        }
    }

    private void OnOutput(string? line, TaskCompletionSource<int> ready)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.Add(line);
        }

        if (ReadyLine().Match(line) is { Success: true } match)
        {
            ready.TrySetResult(int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture));
        }
    }

    private async Task SignalAsync(string signal, CancellationToken cancellationToken)
    {
        var pid = ProcessId.ToString(CultureInfo.InvariantCulture);
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, pid]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {pid} exited with {kill.ExitCode}.");
        }
    }

    [GeneratedRegex(@"^READY rtsp://[^:]+:(?<port>\d+)/$")]
    private static partial Regex ReadyLine();
}
