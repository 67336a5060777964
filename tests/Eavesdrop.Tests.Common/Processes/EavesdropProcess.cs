using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Eavesdrop.Tests.Common.Processes;

/// <summary>
/// The real built <c>eavesdrop</c> executable running as a child process: captures every stdout and
/// stderr line, waits for a line matching a predicate, sends POSIX signals (SIGTERM, SIGINT through
/// libc <c>kill</c>), waits for exit with a timeout. Disposing kills the process tree if it still runs.
/// <para>
/// The executable is <c>eavesdrop.dll</c>, run through the <c>dotnet</c> host of the running test
/// (so the child's PID is the app itself). It is found, in order: the <c>EAVESDROP_DLL</c> environment
/// variable; beside the test assembly (test projects that reference Eavesdrop.Cli get a copy);
/// <c>src/Eavesdrop.Cli/bin/&lt;Configuration&gt;/net10.0/</c> of the repository.
/// </para>
/// </summary>
public sealed class EavesdropProcess : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<OutputLine> _lines = [];
    private readonly List<LineWaiter> _waiters = [];
    private readonly Task _exited;
    private readonly string _commandLine;

    private EavesdropProcess(Process process, string commandLine)
    {
        _process = process;
        _commandLine = commandLine;
        _process.OutputDataReceived += (_, e) => OnLine(OutputSource.StandardOutput, e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(OutputSource.StandardError, e.Data);
        _process.Start();
        Id = _process.Id;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _exited = MonitorExitAsync();
    }

    /// <summary>Full path of the <c>eavesdrop.dll</c> that <see cref="Start"/> runs.</summary>
    public static string ExecutablePath => s_executablePath.Value;

    public int Id { get; }

    public bool HasExited => _exited.IsCompleted;

    /// <summary>The exit code once exited; null while running.</summary>
    public int? ExitCode => HasExited ? _process.ExitCode : null;

    /// <summary>Every line so far from both pipes, in arrival order.</summary>
    public IReadOnlyList<OutputLine> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public IReadOnlyList<string> StandardOutputLines => Lines.Where(l => l.Source == OutputSource.StandardOutput).Select(l => l.Text).ToList();

    public IReadOnlyList<string> StandardErrorLines => Lines.Where(l => l.Source == OutputSource.StandardError).Select(l => l.Text).ToList();

    /// <summary>The child's stdin (for commands that read it); close it to signal end of input.</summary>
    public StreamWriter StandardInput => _process.StandardInput;

    /// <summary>Starts <c>eavesdrop</c> with <paramref name="arguments"/>. Environment entries with a null value are removed.</summary>
    public static EavesdropProcess Start(
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return StartExecutable(DotnetHostPath, [ExecutablePath, .. arguments], environment, workingDirectory, displayName: "eavesdrop", hiddenArguments: 1);
    }

    /// <summary>
    /// Starts any executable (ffmpeg, a shell, …) with the same capture, wait and signal support.
    /// Environment entries with a null value are removed.
    /// </summary>
    public static EavesdropProcess StartExecutable(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null) =>
        StartExecutable(fileName, arguments, environment, workingDirectory, displayName: fileName, hiddenArguments: 0);

    private static EavesdropProcess StartExecutable(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment,
        string? workingDirectory,
        string displayName,
        int hiddenArguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The child must not inherit test-host settings that change how a .NET app starts.
        startInfo.Environment.Remove("DOTNET_STARTUP_HOOKS");
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                if (value is null)
                {
                    startInfo.Environment.Remove(name);
                }
                else
                {
                    startInfo.Environment[name] = value;
                }
            }
        }

        var commandLine = string.Join(' ', startInfo.ArgumentList.Skip(hiddenArguments).Select(Quote).Prepend(displayName));
        return new EavesdropProcess(new Process { StartInfo = startInfo }, commandLine);
    }

    /// <summary>Runs <c>eavesdrop</c> to completion; kills it and throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task<EavesdropProcess> RunAsync(
        IEnumerable<string> arguments, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var process = Start(arguments);
        try
        {
            await process.WaitForExitAsync(timeout, cancellationToken);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The first line (already captured or yet to come) from <paramref name="source"/> (null = either)
    /// that matches. Throws <see cref="TimeoutException"/> or, if the process exits first,
    /// <see cref="InvalidOperationException"/>; both messages hold the captured output.
    /// </summary>
    public async Task<string> WaitForLineAsync(
        Func<string, bool> predicate,
        OutputSource? source = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var waiter = new LineWaiter(line => (source is null || line.Source == source) && predicate(line.Text));
        bool exited;
        lock (_gate)
        {
            var existing = _lines.FirstOrDefault(waiter.Matches);
            if (existing is not null)
            {
                return existing.Text;
            }

            exited = HasExited;
            if (!exited)
            {
                _waiters.Add(waiter);
            }
        }

        if (exited)
        {
            throw new InvalidOperationException($"The process exited before writing the expected line.\n{Describe()}");
        }

        try
        {
            return await waiter.Completion.Task.WaitAsync(timeout ?? DefaultTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No matching line within {timeout ?? DefaultTimeout}.\n{Describe()}");
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Waits for the process to exit (and its output to be read); throws <see cref="TimeoutException"/> with the output so far.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await _exited.WaitAsync(timeout ?? DefaultTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The process did not exit within {timeout ?? DefaultTimeout}.\n{Describe()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Sends a POSIX signal to the process (not its children).</summary>
    public void SendSignal(UnixSignal signal)
    {
        if (HasExited)
        {
            return;
        }

        if (NativeMethods.Kill(Id, (int)signal) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            const int NoSuchProcess = 3;
            if (errno != NoSuchProcess)
            {
                throw new InvalidOperationException($"kill({Id}, {signal}) failed with errno {errno}.");
            }
        }
    }

    /// <summary>SIGTERM: what a service manager or <c>kill</c> sends.</summary>
    public void Terminate() => SendSignal(UnixSignal.Terminate);

    /// <summary>SIGINT: what Ctrl+C sends.</summary>
    public void Interrupt() => SendSignal(UnixSignal.Interrupt);

    /// <summary>SIGKILL to the process and everything it started.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>The command line, exit state and every captured line: for assertion and timeout messages.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("$ ").AppendLine(_commandLine);
        text.AppendLine(HasExited ? $"exit code {_process.ExitCode}" : $"still running (pid {Id})");
        foreach (var line in Lines)
        {
            text.AppendLine(line.ToString());
        }

        return text.ToString();
    }

    public override string ToString() => Describe();

    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
        {
            Kill();
            try
            {
                await _exited.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                // A grandchild may still hold the pipes; the process itself is gone.
            }
        }

        _process.Dispose();
    }

    private void OnLine(OutputSource source, string? text)
    {
        if (text is null)
        {
            return;
        }

        var line = new OutputLine(source, text);
        lock (_gate)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Matches(line)))
            {
                waiter.Completion.TrySetResult(text);
            }
        }
    }

    private async Task MonitorExitAsync()
    {
        // Also waits until both pipes reach end of file, so every line is captured.
        await _process.WaitForExitAsync();
        lock (_gate)
        {
            foreach (var waiter in _waiters)
            {
                waiter.Completion.TrySetException(
                    new InvalidOperationException($"The process exited before writing the expected line.\n{DescribeUnlocked()}"));
            }
        }
    }

    private string DescribeUnlocked()
    {
        var text = new StringBuilder();
        text.Append("$ ").AppendLine(_commandLine);
        text.AppendLine($"exit code {_process.ExitCode}");
        foreach (var line in _lines)
        {
            text.AppendLine(line.ToString());
        }

        return text.ToString();
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? argument : $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    private static readonly Lazy<string> s_executablePath = new(FindExecutable);

    /// <summary>The <c>dotnet</c> host that runs this test process's runtime.</summary>
    private static string DotnetHostPath
    {
        get
        {
            var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory(); // <root>/shared/Microsoft.NETCore.App/<version>/
            var root = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
            var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            return File.Exists(host) ? host : "dotnet";
        }
    }

    private static string FindExecutable()
    {
        const string Dll = "eavesdrop.dll";
        var fromEnvironment = Environment.GetEnvironmentVariable("EAVESDROP_DLL");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return File.Exists(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new FileNotFoundException($"EAVESDROP_DLL points to {fromEnvironment}, which does not exist.");
        }

        var besideTests = Path.Combine(AppContext.BaseDirectory, Dll);
        if (File.Exists(besideTests) && File.Exists(Path.ChangeExtension(besideTests, ".runtimeconfig.json")))
        {
            return besideTests;
        }

        // <project>/bin/<Configuration>/<tfm>/ → the same configuration and framework of the Cli project.
        var tfmDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfmDirectory.Parent?.Name ?? "Debug";
        var candidate = Path.Combine(TestPaths.RepoRoot, "src", "Eavesdrop.Cli", "bin", configuration, tfmDirectory.Name, Dll);
        return File.Exists(candidate)
            ? candidate
            : throw new FileNotFoundException(
                $"No built {Dll}: looked beside the tests ({besideTests}) and at {candidate}. Build src/Eavesdrop.Cli or set EAVESDROP_DLL.");
    }

    private sealed class LineWaiter(Func<OutputLine, bool> matches)
    {
        public TaskCompletionSource<string> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Matches(OutputLine line) => matches(line);
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static extern int Kill(int pid, int signal);
    }
}
