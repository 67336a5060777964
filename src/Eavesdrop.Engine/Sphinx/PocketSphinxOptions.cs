namespace Eavesdrop.Engine.Sphinx;

/// <summary>Model files and decoder-pool settings for <see cref="PocketSphinxEngine"/>.</summary>
internal sealed record PocketSphinxOptions
{
    /// <summary>Where Debian's <c>pocketsphinx-en-us</c> installs the US English model.</summary>
    public const string DebianModelDirectory = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>Folder holding the acoustic model folder, the language model and the dictionary.</summary>
    public string ModelDirectory { get; init; } = DebianModelDirectory;

    /// <summary>Acoustic model folder (<c>mdef</c>, <c>means</c>, …); null means <c>&lt;ModelDirectory&gt;/en-us</c>.</summary>
    public string? AcousticModelPath { get; init; }

    /// <summary>N-gram language model; null means <c>&lt;ModelDirectory&gt;/en-us.lm.bin</c>.</summary>
    public string? LanguageModelPath { get; init; }

    /// <summary>Pronunciation dictionary; null means <c>&lt;ModelDirectory&gt;/cmudict-en-us.dict</c>.</summary>
    public string? DictionaryPath { get; init; }

    /// <summary>A pause between two words at least this long ends one segment and starts the next.</summary>
    public double SegmentSilenceSeconds { get; init; } = 0.5;

    /// <summary>
    /// Windows quieter than this RMS (full scale = 1) are returned empty without decoding: on digital
    /// silence PocketSphinx's per-utterance normalisation divides nothing by nothing and invents words.
    /// The default is about -80 dBFS, a few 16-bit steps.
    /// </summary>
    public double SilenceRmsThreshold { get; init; } = 1e-4;

    /// <summary>
    /// Most decoders alive at once, hence most concurrent <see cref="PocketSphinxEngine.Transcribe"/>
    /// calls; further callers wait. Each decoder holds its own copy of the language model (~100 MB).
    /// </summary>
    public int MaxDecoders { get; init; } = Math.Max(1, Environment.ProcessorCount);

    public string ResolvedAcousticModelPath => AcousticModelPath ?? Path.Combine(ModelDirectory, "en-us");

    public string ResolvedLanguageModelPath => LanguageModelPath ?? Path.Combine(ModelDirectory, "en-us.lm.bin");

    public string ResolvedDictionaryPath => DictionaryPath ?? Path.Combine(ModelDirectory, "cmudict-en-us.dict");
}
