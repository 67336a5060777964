using System.Collections.Concurrent;
using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.Engine.Sphinx;

/// <summary>
/// English speech recognition with Debian's PocketSphinx: a weak but real recogniser that runs
/// offline. A native decoder is not thread-safe, so the engine keeps a pool of them, one per
/// concurrent caller (at most <see cref="PocketSphinxOptions.MaxDecoders"/>; more callers wait).
/// </summary>
/// <remarks>
/// Each request is one utterance. Segments are split where two words are at least
/// <see cref="PocketSphinxOptions.SegmentSilenceSeconds"/> apart; text is lower-case words without
/// punctuation (that is what the dictionary holds); <see cref="EngineSegment.AvgLogProb"/> is the mean
/// natural-log posterior of the segment's words; there are no tokens; word timings when
/// <see cref="DecodingOptions.WordTimestamps"/> is set. Times are exact (10 ms frames from the start of
/// the request) because the library's own silence removal is off; that costs some accuracy on long
/// windows (jfk: 59 % WER instead of 18 %) but keeps segment ends usable for the streaming policy.
/// Near-silent windows (see <see cref="PocketSphinxOptions.SilenceRmsThreshold"/>) come back empty.
/// Language options are ignored (English only; sessions check <see cref="Capabilities"/>).
/// </remarks>
internal sealed class PocketSphinxEngine : ISpeechEngine
{
    public const string EngineName = "pocketsphinx";

    private readonly PocketSphinxOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<PocketSphinxDecoder> _idle = [];
    private int _disposed;

    private PocketSphinxEngine(PocketSphinxOptions options, PocketSphinxDecoder first)
    {
        _options = options;
        _slots = new SemaphoreSlim(options.MaxDecoders, options.MaxDecoders);
        _idle.Add(first);
        ModelName = Path.GetFileName(Path.TrimEndingDirectorySeparator(options.ModelDirectory));
        Capabilities = new()
        {
            Languages = ["en"],
            CanDetectLanguage = false,
            CanTranslate = false,
            SupportsWordTimestamps = true,
            SupportsInitialPrompt = false,
            SupportsHotwords = false,
            SupportsBeamSearch = false,
            MaxBatchSize = 1,
            MaxWindowSeconds = 30,
            // each decoder is single-threaded: one call per core uses the machine
            PreferredConcurrency = options.MaxDecoders,
        };
    }

    public string Name => EngineName;

    public string ModelName { get; }

    public EngineCapabilities Capabilities { get; }

    /// <summary>
    /// Checks the model files and loads the first decoder, so a broken installation fails at start-up
    /// with an <see cref="EngineException"/> naming the missing path.
    /// </summary>
    public static PocketSphinxEngine Load(PocketSphinxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDecoders, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.SegmentSilenceSeconds);

        // SphinxBase calls exit() on some missing model files, so look before it does.
        var hmm = options.ResolvedAcousticModelPath;
        if (!Directory.Exists(hmm))
        {
            throw new EngineException($"PocketSphinx acoustic model folder not found: '{hmm}' (apt-get install pocketsphinx-en-us).");
        }

        foreach (var required in new[] { "mdef", "means", "variances", "transition_matrices" })
        {
            RequireFile(Path.Combine(hmm, required), "acoustic model file");
        }

        RequireFile(options.ResolvedLanguageModelPath, "language model");
        RequireFile(options.ResolvedDictionaryPath, "dictionary");

        PocketSphinxDecoder first;
        try
        {
            first = PocketSphinxDecoder.Create(options);
        }
        catch (DllNotFoundException ex)
        {
            throw new EngineException(
                $"PocketSphinx library not found ({PocketSphinxNative.PocketSphinxLibrary}, {PocketSphinxNative.SphinxBaseLibrary}): apt-get install libpocketsphinx3.", ex);
        }

        return new PocketSphinxEngine(options, first);
    }

    public IReadOnlyList<TranscriptionResult> Transcribe(IReadOnlyList<TranscriptionRequest> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (batch.Count == 0)
        {
            return [];
        }

        _slots.Wait(cancellationToken);
        PocketSphinxDecoder? decoder = null;
        try
        {
            var results = new TranscriptionResult[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var request = batch[i];
                if (IsSilent(request.Audio.Span))
                {
                    results[i] = new TranscriptionResult { Segments = [], Language = "en" };
                    continue;
                }

                decoder ??= _idle.TryTake(out var idle) ? idle : PocketSphinxDecoder.Create(_options);
                var path = decoder.Decode(request.Audio.Span, cancellationToken);
                results[i] = new TranscriptionResult
                {
                    Segments = SphinxSegmenter.Segment(path, _options.SegmentSilenceSeconds, request.Options.WordTimestamps),
                    Language = "en",
                };
            }

            return results;
        }
        finally
        {
            if (decoder is not null)
            {
                _idle.Add(decoder);
            }

            _slots.Release();
        }
    }

    /// <summary>Waits for in-flight calls to return their decoders, then frees every decoder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        for (var i = 0; i < _options.MaxDecoders; i++)
        {
            await _slots.WaitAsync().ConfigureAwait(false);
        }

        while (_idle.TryTake(out var decoder))
        {
            decoder.Dispose();
        }

        _slots.Dispose();
    }

    private bool IsSilent(ReadOnlySpan<float> audio)
    {
        if (audio.IsEmpty)
        {
            return true;
        }

        double sumOfSquares = 0;
        foreach (var sample in audio)
        {
            sumOfSquares += sample * sample;
        }

        return Math.Sqrt(sumOfSquares / audio.Length) < _options.SilenceRmsThreshold;
    }

    private static void RequireFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new EngineException($"PocketSphinx {what} not found: '{Path.GetFullPath(path)}' (apt-get install pocketsphinx-en-us).");
        }
    }
}
