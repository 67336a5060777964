using Eavesdrop.Engine.Whisper.Runtime;

namespace Eavesdrop.Engine.Whisper.Decoding;

/// <summary>whisper's <c>detect_language</c>: one decoder pass over <c>startoftranscript</c>, softmax over the language tokens.</summary>
internal static class LanguageDetector
{
    /// <returns>Per row: the most likely language token and the probabilities of every language token (in <paramref name="languageTokens"/> order).</returns>
    public static (int Token, float[] Probabilities)[] Detect(WhisperDecoder decoder, int startOfTranscript, IReadOnlyList<int> languageTokens, float[] encoderStates, int batch, int encoderLength)
    {
        var ids = new long[batch];
        Array.Fill(ids, startOfTranscript);
        var logits = decoder.Forward(ids, batch, 1, encoderStates, encoderLength);
        int vocab = decoder.VocabSize;
        var result = new (int, float[])[batch];
        var languageLogits = new float[languageTokens.Count];
        for (int b = 0; b < batch; b++)
        {
            var row = logits.AsSpan(b * vocab, vocab);
            for (int i = 0; i < languageTokens.Count; i++)
            {
                languageLogits[i] = row[languageTokens[i]];
            }

            var probabilities = new float[languageTokens.Count];
            LogProbs.LogSoftmax(languageLogits, probabilities);
            for (int i = 0; i < probabilities.Length; i++)
            {
                probabilities[i] = MathF.Exp(probabilities[i]);
            }

            result[b] = (languageTokens[LogProbs.ArgMax(probabilities)], probabilities);
        }

        return result;
    }
}
