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
    /// <summary>Samples handed to <c>ps_process_raw</c> per call; cancellation is checked between calls.</summary>
    private const int ChunkSamples = TranscriptionRequest.SampleRate;

    private static readonly Lock s_logLock = new();
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
        string[] argv =
        [
            "-hmm", options.ResolvedAcousticModelPath,
            "-lm", options.ResolvedLanguageModelPath,
            "-dict", options.ResolvedDictionaryPath,
            "-logfn", "/dev/null",
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
    public List<RecognizedWord> Decode(ReadOnlySpan<float> audio, CancellationToken cancellationToken)
    {
        Check(PocketSphinxNative.PsStartUtt(_decoder), "ps_start_utt");
        var pcm = ArrayPool<short>.Shared.Rent(ChunkSamples);
        var ended = false;
        try
        {
            for (var offset = 0; offset < audio.Length; offset += ChunkSamples)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = audio.Slice(offset, Math.Min(ChunkSamples, audio.Length - offset));
                ConvertToPcm16(chunk, pcm);
                ProcessRaw(pcm, chunk.Length);
            }

            ended = true;
            Check(PocketSphinxNative.PsEndUtt(_decoder), "ps_end_utt");
            return BestPath();
        }
        finally
        {
            ArrayPool<short>.Shared.Return(pcm);
            if (!ended)
            {
                // Leave the decoder ready for its next caller after a cancellation.
                PocketSphinxNative.PsEndUtt(_decoder);
            }
        }
    }

    public void Dispose() => _decoder.Dispose();

    private static void SilenceLibraryLog()
    {
        // cmd_ln_parse_r logs before ps_init applies -logfn, so turn the (process-wide) log off first.
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

    private unsafe void ProcessRaw(short[] pcm, int count)
    {
        fixed (short* data = pcm)
        {
            Check(PocketSphinxNative.PsProcessRaw(_decoder, data, (nuint)count, noSearch: 0, fullUtterance: 0), "ps_process_raw");
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
