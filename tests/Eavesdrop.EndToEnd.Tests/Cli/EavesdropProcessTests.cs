using Eavesdrop.Tests.Common.Processes;

namespace Eavesdrop.EndToEnd.Tests.Cli;

/// <summary>The process helper against real child processes: line capture, waiting, signals, timeouts.</summary>
public sealed class EavesdropProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WaitForLineAsync_LinesFromBothPipes_MatchedInOrder()
    {
        await using var process = EavesdropProcess.StartExecutable("/bin/sh", ["-c", "echo ready; echo oops >&2; sleep 30"]);

        Assert.Equal("ready", await process.WaitForLineAsync(l => l == "ready", OutputSource.StandardOutput, Timeout, TestContext.Current.CancellationToken));
        Assert.Equal("oops", await process.WaitForLineAsync(l => l.StartsWith('o'), OutputSource.StandardError, Timeout, TestContext.Current.CancellationToken));
        Assert.False(process.HasExited);
        Assert.Equal(["ready"], process.StandardOutputLines);
        Assert.Equal(["oops"], process.StandardErrorLines);
    }

    [Theory]
    [InlineData(UnixSignal.Terminate)]
    [InlineData(UnixSignal.Interrupt)]
    public async Task SendSignal_TrappingShell_RunsItsHandlerAndExits(UnixSignal signal)
    {
        // exec'd sleep would die of the signal itself; a trap proves the signal reached the process as sent.
        await using var process = EavesdropProcess.StartExecutable(
            "/bin/sh", ["-c", "trap 'echo got TERM; exit 7' TERM; trap 'echo got INT; exit 8' INT; echo ready; while true; do sleep 0.05; done"]);
        await process.WaitForLineAsync(l => l == "ready", timeout: Timeout, cancellationToken: TestContext.Current.CancellationToken);

        process.SendSignal(signal);
        var exitCode = await process.WaitForExitAsync(Timeout, TestContext.Current.CancellationToken);

        var (line, code) = signal == UnixSignal.Terminate ? ("got TERM", 7) : ("got INT", 8);
        Assert.Equal(code, exitCode);
        Assert.Contains(line, process.StandardOutputLines);
    }

    [Fact]
    public async Task Terminate_UntrappedProcess_ExitsWithSignalStatus()
    {
        await using var process = EavesdropProcess.StartExecutable("sleep", ["30"]);

        process.Terminate();

        Assert.Equal(128 + 15, await process.WaitForExitAsync(Timeout, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WaitForLineAsync_ProcessExitsFirst_ThrowsWithOutput()
    {
        await using var process = EavesdropProcess.StartExecutable("/bin/sh", ["-c", "echo something else; exit 3"]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => process.WaitForLineAsync(l => l == "never", timeout: Timeout, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("out| something else", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, process.ExitCode);
    }

    [Fact]
    public async Task WaitForExitAsync_StillRunning_TimesOutWithOutput()
    {
        await using var process = EavesdropProcess.StartExecutable("/bin/sh", ["-c", "echo started; sleep 30"]);
        await process.WaitForLineAsync(l => l == "started", timeout: Timeout, cancellationToken: TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => process.WaitForExitAsync(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken));

        Assert.Contains("still running", error.Message, StringComparison.Ordinal);
        Assert.Contains("out| started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_Running_KillsTheProcess()
    {
        var process = EavesdropProcess.StartExecutable("sleep", ["30"]);
        var id = process.Id;

        await process.DisposeAsync();

        Assert.False(File.Exists($"/proc/{id}/status") && !File.ReadAllText($"/proc/{id}/status").Contains("State:\tZ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_RealEavesdrop_RunsTheBuiltExecutable()
    {
        await using var process = await EavesdropProcess.RunAsync(["--help"], Timeout, TestContext.Current.CancellationToken);

        Assert.EndsWith("eavesdrop.dll", EavesdropProcess.ExecutablePath, StringComparison.Ordinal);
        Assert.Equal(0, process.ExitCode);
        Assert.Contains(process.StandardOutputLines, l => l.Contains("Eavesdrop", StringComparison.Ordinal));
    }
}
