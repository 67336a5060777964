using System.Runtime.InteropServices;

namespace Eavesdrop.Engine.Sphinx;

/// <summary>
/// P/Invoke surface of Debian 12's PocketSphinx 0.8+5prealpha (<c>libpocketsphinx.so.3</c>) and
/// SphinxBase (<c>libsphinxbase.so.3</c>). Only non-variadic entry points: the configuration is built
/// with <c>cmd_ln_parse_r</c> from an argv array instead of the variadic <c>cmd_ln_init</c>.
/// </summary>
internal static partial class PocketSphinxNative
{
    public const string PocketSphinxLibrary = "libpocketsphinx.so.3";
    public const string SphinxBaseLibrary = "libsphinxbase.so.3";

    /// <summary>Redirects SphinxBase's process-wide log; NULL turns it off.</summary>
    [LibraryImport(SphinxBaseLibrary, EntryPoint = "err_set_logfp")]
    public static partial void ErrSetLogFp(IntPtr stream);

    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_args")]
    public static partial IntPtr PsArgs();

    [LibraryImport(SphinxBaseLibrary, EntryPoint = "cmd_ln_parse_r", StringMarshalling = StringMarshalling.Utf8)]
    public static partial ConfigHandle CmdLnParseR(IntPtr inoutCmdln, IntPtr definitions, int argc, string[] argv, int strict);

    [LibraryImport(SphinxBaseLibrary, EntryPoint = "cmd_ln_free_r")]
    public static partial int CmdLnFreeR(IntPtr config);

    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_init")]
    public static partial DecoderHandle PsInit(ConfigHandle config);

    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_free")]
    public static partial int PsFree(IntPtr decoder);

    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_start_utt")]
    public static partial int PsStartUtt(DecoderHandle decoder);

    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_process_raw")]
    public static unsafe partial int PsProcessRaw(DecoderHandle decoder, short* data, nuint samples, int noSearch, int fullUtterance);

    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_end_utt")]
    public static partial int PsEndUtt(DecoderHandle decoder);

    /// <summary>Best hypothesis (owned by the decoder, valid until the next utterance) or NULL.</summary>
    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_get_hyp")]
    public static partial IntPtr PsGetHyp(DecoderHandle decoder, out int bestScore);

    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_get_logmath")]
    public static partial IntPtr PsGetLogMath(DecoderHandle decoder);

    [LibraryImport(SphinxBaseLibrary, EntryPoint = "logmath_log_to_ln")]
    public static partial double LogMathLogToLn(IntPtr logMath, int logValue);

    /// <summary>First word of the best path, or NULL when there is no hypothesis.</summary>
    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_seg_iter")]
    public static partial IntPtr PsSegIter(DecoderHandle decoder);

    /// <summary>Next word; at the end it frees the iterator and returns NULL.</summary>
    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_seg_next")]
    public static partial IntPtr PsSegNext(IntPtr segment);

    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_seg_word")]
    public static partial IntPtr PsSegWord(IntPtr segment);

    /// <summary>First and last frame (inclusive, 10 ms each) of the word.</summary>
    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_seg_frames")]
    public static partial void PsSegFrames(IntPtr segment, out int startFrame, out int endFrame);

    /// <summary>Log posterior of the word (in the decoder's log base; see <see cref="LogMathLogToLn"/>).</summary>
    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_seg_prob")]
    public static partial int PsSegProb(IntPtr segment, out int acousticScore, out int languageScore, out int languageBackoff);

    /// <summary>Frees an iterator abandoned before <see cref="PsSegNext"/> returned NULL.</summary>
    [LibraryImport(PocketSphinxLibrary, EntryPoint = "ps_seg_free")]
    public static partial void PsSegFree(IntPtr segment);
}
