using System.Diagnostics;
using Eavesdrop.Tests.Common;

namespace Eavesdrop.EndToEnd.Tests.Transcribe;

/// <summary>
/// A random-weight Whisper model in the Hugging Face export layout, written once per test run by the
/// repository's generator (tools/whisper-synth, Debian's python3 with numpy and onnx).
/// </summary>
public sealed class SyntheticWhisperModel : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "eavesdrop-e2e-synth-" + Guid.NewGuid().ToString("N"));

    public async ValueTask InitializeAsync()
    {
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(TestPaths.RepoRoot, "tools", "whisper-synth", "whisper_synth.py"), "--size", "test", "--out", Directory, "--variants", "fp32", "--decoders", "merged" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"whisper_synth.py failed ({process.ExitCode}): {await stderr}");
        }
    }

    public ValueTask DisposeAsync()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
