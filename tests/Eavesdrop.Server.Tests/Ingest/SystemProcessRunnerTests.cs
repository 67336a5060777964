using Eavesdrop.Server.Ingest;

namespace Eavesdrop.Server.Tests.Ingest;

/// <summary>The real process runner against real processes: the behaviour the fake ffmpeg imitates.</summary>
public sealed class SystemProcessRunnerTests
{
    private static readonly SystemProcessRunner s_runner = SystemProcessRunner.Instance;

    [Fact]
    public async Task Start_ShellScript_DeliversStdoutBytesStderrLinesAndExitCode()
    {
        await using var process = s_runner.Start("/bin/sh", ["-c", "printf 'abc\\000xyz'; echo first >&2; echo 'second line' >&2; exit 3"]);

        var stdout = new MemoryStream();
        await process.StandardOutput.CopyToAsync(stdout, TestContext.Current.CancellationToken);
        var lines = await process.StandardErrorLines.ReadAllAsync(TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);
        var exitCode = await process.Exited.OrTimeout();

        Assert.Equal("abc\0xyz"u8.ToArray(), stdout.ToArray());
        Assert.Equal(["first", "second line"], lines);
        Assert.Equal(3, exitCode);
    }

    [Fact]
    public async Task Start_ArgumentsWithSpacesAndQuotes_ArePassedVerbatimWithoutAShell()
    {
        await using var process = s_runner.Start("/usr/bin/printf", ["%s|", "a b", "'q'", "$HOME", "rtsp://u:p@h/x?audio=all"]);

        var output = await new StreamReader(process.StandardOutput).ReadToEndAsync(TestContext.Current.CancellationToken);

        Assert.Equal("a b|'q'|$HOME|rtsp://u:p@h/x?audio=all|", output);
        Assert.Equal(0, await process.Exited.OrTimeout());
    }

    [Fact]
    public async Task Terminate_RunningProcess_DeliversSigterm()
    {
        await using var process = s_runner.Start("/bin/sleep", ["30"]);

        process.Terminate();

        Assert.Equal(128 + 15, await process.Exited.OrTimeout());
    }

    [Fact]
    public async Task Kill_ProcessIgnoringSigterm_StopsIt()
    {
        // exec keeps the ignored SIGTERM disposition, so sleep itself ignores it
        await using var process = s_runner.Start("/bin/sh", ["-c", "trap '' TERM; exec sleep 30"]);
        await WaitUntilExecedAsync(process);

        process.Terminate();
        var exitedOnTerm = await Task.WhenAny(process.Exited, Task.Delay(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken)) == process.Exited;
        process.Kill();

        Assert.False(exitedOnTerm);
        Assert.Equal(128 + 9, await process.Exited.OrTimeout());
    }

    [Fact]
    public async Task DisposeAsync_RunningProcess_KillsAndReapsIt()
    {
        var process = s_runner.Start("/bin/sleep", ["30"]);
        var pid = process.Id;
        Assert.True(Directory.Exists($"/proc/{pid}"));

        await process.DisposeAsync().OrTimeout();

        Assert.True(process.Exited.IsCompleted);
        Assert.False(Directory.Exists($"/proc/{pid}"), $"pid {pid} is still in the process table");
    }

    [Fact]
    public void Start_MissingExecutable_Throws()
    {
        Assert.ThrowsAny<Exception>(() => s_runner.Start("/nonexistent/ffmpeg", ["-version"]));
    }

    [Fact]
    public async Task Terminate_AfterExit_DoesNothing()
    {
        await using var process = s_runner.Start("/bin/true", []);
        await process.Exited.OrTimeout();

        process.Terminate();
        process.Kill();

        Assert.Equal(0, await process.Exited);
    }

    // /bin/sh has set its trap once it has exec'd sleep; wait until /proc shows sleep
    private static async Task WaitUntilExecedAsync(IRunningProcess process)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Safety;
        while (DateTime.UtcNow < deadline)
        {
            var comm = await File.ReadAllTextAsync($"/proc/{process.Id}/comm", TestContext.Current.CancellationToken);
            if (comm.Trim() == "sleep")
            {
                return;
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
