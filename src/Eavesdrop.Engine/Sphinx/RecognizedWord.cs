namespace Eavesdrop.Engine.Sphinx;

/// <summary>
/// One entry of PocketSphinx's best path: a dictionary word (possibly <c>word(2)</c>) or a filler
/// (<c>&lt;s&gt;</c>, <c>&lt;sil&gt;</c>, <c>[NOISE]</c>…), its frames (10 ms, end inclusive) and its
/// log posterior in natural log.
/// </summary>
internal readonly record struct RecognizedWord(string Word, int StartFrame, int EndFrame, double LogPosterior);
