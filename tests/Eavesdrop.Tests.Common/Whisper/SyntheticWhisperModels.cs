using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Eavesdrop.Tests.Common;

namespace Eavesdrop.Tests.Common.Whisper;

/// <summary>
/// Random-weight Whisper exports written by <c>tools/whisper-synth/whisper_synth.py</c> (run with
/// Debian's <c>/usr/bin/python3</c>: numpy + onnx), generated once per machine into a cache
/// directory keyed by the generator's content and arguments.
/// </summary>
public static class SyntheticWhisperModels
{
    private static readonly Lazy<string> s_multilingual = new(() => Generate("--size", "test"));
    private static readonly Lazy<string> s_english = new(() => Generate("--size", "test", "--english", "--variants", "fp32", "--decoders", "split"));
    private static readonly Lazy<string> s_tinyDimensions = new(() => Generate("--size", "tiny", "--variants", "fp32", "--decoders", "split"));
    private static readonly Lazy<string> s_shortWindows = new(() => Generate("--size", "test", "--english", "--variants", "fp32", "--decoders", "split", "--sliced-positions"));
    private static readonly Lazy<string> s_largeV3 = new(() => Generate("--size", "test", "--mels", "128", "--variants", "fp32", "--decoders", "merged"));

    /// <summary>Test size (d_model 64, 2+2 layers), multilingual, 80 mels; fp32 + quantized, split and merged decoders.</summary>
    public static string Multilingual => s_multilingual.Value;

    /// <summary>Test size, English-only vocabulary (51864), fp32, split decoders.</summary>
    public static string English => s_english.Value;

    /// <summary>Real whisper-tiny dimensions (d_model 384, 4+4 layers, 6 heads), multilingual, fp32, split decoders.</summary>
    public static string TinyDimensions => s_tinyDimensions.Value;

    /// <summary>Test size, English-only, with an encoder that accepts fewer than 3000 frames (unlike the real exports).</summary>
    public static string ShortWindowEncoder => s_shortWindows.Value;

    /// <summary>Test size, large-v3 style: 128 mels, 100 languages (vocab 51866), fp32, merged decoder only.</summary>
    public static string LargeV3 => s_largeV3.Value;

    public static string GeneratorScript => Path.Combine(TestPaths.RepoRoot, "tools", "whisper-synth", "whisper_synth.py");

    /// <summary>Runs the generator with <paramref name="args"/> (plus <c>--out</c>) unless its output is already cached.</summary>
    public static string Generate(params string[] args)
    {
        var script = GeneratorScript;
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(script) + "\n" + string.Join(' ', args))))[..16];
        var root = Path.Combine(Path.GetTempPath(), "eavesdrop-whisper-synth");
        var target = Path.Combine(root, key);
        if (File.Exists(Path.Combine(target, "synth.json")))
        {
            return target;
        }

        var staging = Path.Combine(root, $"{key}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add("--out");
        psi.ArgumentList.Add(staging);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start /usr/bin/python3.");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"whisper_synth.py {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result}");
        }

        try
        {
            Directory.Move(staging, target);
        }
        catch (IOException) when (File.Exists(Path.Combine(target, "synth.json")))
        {
            // another test process generated it first
            Directory.Delete(staging, recursive: true);
        }

        return target;
    }

    /// <summary>A fresh copy of <paramref name="source"/> holding only the files <paramref name="keep"/> accepts.</summary>
    public static string CopyModel(string source, Func<string, bool> keep)
    {
        var target = Path.Combine(Path.GetTempPath(), "eavesdrop-whisper-copy-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (!keep(relative.Replace('\\', '/')))
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }
}
