using System.Text.RegularExpressions;

namespace Eavesdrop.Tests.Common.Speech;

/// <summary>
/// Real speech with known transcripts: <c>jfk.wav</c> from the shared folder, and the clips of
/// Debian's <c>pocketsphinx-testdata</c> (<c>/usr/share/pocketsphinx/test/data</c>) whose
/// transcriptions ship beside them.
/// </summary>
public static partial class SpeechClips
{
    public const string PocketSphinxTestData = "/usr/share/pocketsphinx/test/data";

    public static SpeechClip Jfk { get; } = new(
        "jfk",
        TestPaths.JfkWav,
        "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.");

    /// <summary>The clip PocketSphinx's own tests decode; the reference is its grammar's <c>&lt;move&gt;</c> rule.</summary>
    public static SpeechClip GoForward { get; } = new(
        "goforward",
        System.IO.Path.Combine(PocketSphinxTestData, "goforward.raw"),
        "go forward ten meters");

    /// <summary>Five LibriVox sentences (Sense and Sensibility), transcripts from <c>librivox/transcription</c>.</summary>
    public static IReadOnlyList<SpeechClip> LibriVox => s_libriVox.Value;

    /// <summary>Five short playing-card phrases, transcripts from <c>cards/cards.transcription</c>.</summary>
    public static IReadOnlyList<SpeechClip> Cards => s_cards.Value;

    /// <summary>Every clip above: jfk, goforward, LibriVox, cards.</summary>
    public static IReadOnlyList<SpeechClip> All => [Jfk, GoForward, .. LibriVox, .. Cards];

    private static readonly Lazy<IReadOnlyList<SpeechClip>> s_libriVox = new(() => ReadTranscription("librivox", "transcription", "librivox"));

    private static readonly Lazy<IReadOnlyList<SpeechClip>> s_cards = new(() => ReadTranscription("cards", "cards.transcription", "cards"));

    /// <summary>Sphinx transcription lines: <c>&lt;s&gt; words &lt;/s&gt; (fileid)</c>, audio in <c>fileid.wav</c>.</summary>
    private static List<SpeechClip> ReadTranscription(string folder, string transcriptionFile, string prefix)
    {
        var directory = System.IO.Path.Combine(PocketSphinxTestData, folder);
        var clips = new List<SpeechClip>();
        foreach (var line in File.ReadLines(System.IO.Path.Combine(directory, transcriptionFile)))
        {
            var match = TranscriptionLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var id = match.Groups["id"].Value;
            var words = match.Groups["words"].Value.Replace("<s>", " ", StringComparison.Ordinal).Replace("</s>", " ", StringComparison.Ordinal);
            clips.Add(new SpeechClip($"{prefix}-{id}", System.IO.Path.Combine(directory, id + ".wav"), string.Join(' ', words.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
        }

        return clips;
    }

    [GeneratedRegex(@"^(?<words>.*)\((?<id>[^()]+)\)\s*$")]
    private static partial Regex TranscriptionLine();
}
