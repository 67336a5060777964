using System.Diagnostics;
using Eavesdrop.Tests.Common.Speech;

namespace Eavesdrop.EndToEnd.Tests.Rtsp;

/// <summary>
/// The speech the RTSP test server loops, made with sox in a temporary folder: each clip is
/// followed by silence so the loop has a pause between repetitions (as a real room would).
/// </summary>
internal sealed class StreamAudio : IDisposable
{
    private StreamAudio(string directory, string office, string library)
    {
        Directory = directory;
        OfficeWav = office;
        LibraryWav = library;
    }

    public string Directory { get; }

    /// <summary>jfk.wav and 1.5 s of silence.</summary>
    public string OfficeWav { get; }

    /// <summary>Three LibriVox sentences, each followed by 1 s of silence.</summary>
    public string LibraryWav { get; }

    public static string OfficeReference => SpeechClips.Jfk.Reference;

    public static IReadOnlyList<SpeechClip> LibraryClips =>
    [
        .. SpeechClips.LibriVox.Where(c => c.Name.EndsWith("0880", StringComparison.Ordinal) || c.Name.EndsWith("0890", StringComparison.Ordinal) || c.Name.EndsWith("0930", StringComparison.Ordinal)),
    ];

    public static string LibraryReference => string.Join(' ', LibraryClips.Select(c => c.Reference));

    /// <summary>Words only one of the two streams says: seeing one in the other stream's text is cross-talk.</summary>
    public static IReadOnlyList<string> OfficeOnlyWords => ["americans", "country", "fellow", "ask"];

    public static IReadOnlyList<string> LibraryOnlyWords => ["disposed", "amiable", "selfish", "hearted", "unless"];

    public static async Task<StreamAudio> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"eavesdrop-rtsp-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        var silence = Path.Combine(directory, "silence-1s.wav");
        await SoxAsync("-n", "-r", "16000", "-c", "1", "-b", "16", silence, "trim", "0", "1.0");
        var office = Path.Combine(directory, "office.wav");
        await SoxAsync(SpeechClips.Jfk.Path, office, "pad", "0", "1.5");
        var library = Path.Combine(directory, "library.wav");
        await SoxAsync([.. LibraryClips.SelectMany(c => new[] { c.Path, silence }), library]);
        return new StreamAudio(directory, office, library);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task SoxAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("sox") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var sox = Process.Start(start) ?? throw new InvalidOperationException("sox did not start.");
        var error = await sox.StandardError.ReadToEndAsync();
        await sox.WaitForExitAsync();
        if (sox.ExitCode != 0)
        {
            throw new InvalidOperationException($"sox {string.Join(' ', arguments)} failed ({sox.ExitCode}): {error}");
        }
    }
}
