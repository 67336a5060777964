using System.Buffers;
using System.Runtime.InteropServices;
using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.Engine.Sphinx;

/// <summary>
/// One native decoder. Not thread-safe: <see cref="PocketSphinxEngine"/> lends each one to a single
/// caller at a time. Each decoder parses its own configuration, because <c>ps_init</c> writes the
/// expanded model paths into the configuration it is given.
/// </summary>
internal sealed class PocketSphinxDecoder : IDisposable
{
    private static readonly Lock s_logLock = new();
    private static readonly Lock s_createLock = new();
    private static bool s_logSilenced;

    private readonly DecoderHandle _decoder;
    private readonly IntPtr _logMath;

    private PocketSphinxDecoder(DecoderHandle decoder)
    {
        _decoder = decoder;
        _logMath = PocketSphinxNative.PsGetLogMath(decoder);
    }

    /// <summary>Creates a decoder; the caller has checked the files exist (SphinxBase exits the process on some missing files).</summary>
    public static PocketSphinxDecoder Create(PocketSphinxOptions options)
    {
        SilenceLibraryLog();
        lock (s_createLock)
        {
            return CreateLocked(options);
        }
    }

    // Decoders are created one at a time: model loading goes through SphinxBase globals.
    private static PocketSphinxDecoder CreateLocked(PocketSphinxOptions options)
    {
        string[] argv =
        [
            "-hmm", options.ResolvedAcousticModelPath,
            "-lm", options.ResolvedLanguageModelPath,
            "-dict", options.ResolvedDictionaryPath,
            // Keep every frame: with silence removal (the default) frame numbers stop being times.
            "-remove_silence", "no",
        ];

        using var config = PocketSphinxNative.CmdLnParseR(IntPtr.Zero, PocketSphinxNative.PsArgs(), argv.Length, argv, strict: 1);
        if (config.IsInvalid)
        {
            throw new EngineException($"PocketSphinx rejected its configuration ({string.Join(' ', argv)}).");
        }

        var decoder = PocketSphinxNative.PsInit(config);
        if (decoder.IsInvalid)
        {
            decoder.Dispose();
            throw new EngineException(
                $"PocketSphinx could not load its model: acoustic model '{options.ResolvedAcousticModelPath}', " +
                $"language model '{options.ResolvedLanguageModelPath}', dictionary '{options.ResolvedDictionaryPath}'.");
        }

        return new PocketSphinxDecoder(decoder);
    }

    /// <summary>Decodes one utterance and returns its best path, fillers included.</summary>
    /// <remarks>
    /// The whole window goes to <c>ps_process_raw</c> in one call with <c>full_utt</c> set, so cepstral
    /// mean normalisation is computed over this utterance alone: more accurate than the live estimate
    /// on short windows, and the result does not depend on what the decoder heard before (pooled
    /// decoders give every caller the same text for the same audio).
    /// </remarks>
    public List<RecognizedWord> Decode(ReadOnlySpan<float> audio, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pcm = ArrayPool<short>.Shared.Rent(Math.Max(audio.Length, 1));
        try
        {
            ConvertToPcm16(audio, pcm);
            Check(PocketSphinxNative.PsStartUtt(_decoder), "ps_start_utt");
            var processed = ProcessFullUtterance(pcm, audio.Length);
            Check(PocketSphinxNative.PsEndUtt(_decoder), "ps_end_utt");
            Check(processed, "ps_process_raw");
            return BestPath();
        }
        finally
        {
            ArrayPool<short>.Shared.Return(pcm);
        }
    }

    public void Dispose() => _decoder.Dispose();

    private static void SilenceLibraryLog()
    {
        // SphinxBase's log is one process-wide FILE*. err_set_logfp(NULL) switches it off for good,
        // parsing and decoding included. "-logfn /dev/null" is deliberately not used: every ps_init
        // would reopen the log file and fclose the previous one while decoders on other threads write to it.
        lock (s_logLock)
        {
            if (!s_logSilenced)
            {
                PocketSphinxNative.ErrSetLogFp(IntPtr.Zero);
                s_logSilenced = true;
            }
        }
    }

    private static void ConvertToPcm16(ReadOnlySpan<float> samples, Span<short> pcm)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            pcm[i] = (short)Math.Clamp(MathF.Round(samples[i] * 32767f), short.MinValue, short.MaxValue);
        }
    }

    private static void Check(int result, string function)
    {
        if (result < 0)
        {
            throw new EngineException($"PocketSphinx {function} failed ({result}).");
        }
    }

    private unsafe int ProcessFullUtterance(short[] pcm, int count)
    {
        fixed (short* data = pcm)
        {
            return PocketSphinxNative.PsProcessRaw(_decoder, data, (nuint)count, noSearch: 0, fullUtterance: 1);
        }
    }

    private List<RecognizedWord> BestPath()
    {
        var words = new List<RecognizedWord>();
        if (PocketSphinxNative.PsGetHyp(_decoder, out _) == IntPtr.Zero)
        {
            return words;
        }

        var segment = PocketSphinxNative.PsSegIter(_decoder);
        try
        {
            while (segment != IntPtr.Zero)
            {
                var word = Marshal.PtrToStringUTF8(PocketSphinxNative.PsSegWord(segment)) ?? string.Empty;
                PocketSphinxNative.PsSegFrames(segment, out var startFrame, out var endFrame);
                var logPosterior = PocketSphinxNative.PsSegProb(segment, out _, out _, out _);
                words.Add(new RecognizedWord(word, startFrame, endFrame, PocketSphinxNative.LogMathLogToLn(_logMath, logPosterior)));
                segment = PocketSphinxNative.PsSegNext(segment);
            }
        }
        finally
        {
            if (segment != IntPtr.Zero)
            {
                PocketSphinxNative.PsSegFree(segment);
            }
        }

        return words;
    }
}
