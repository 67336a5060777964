namespace Eavesdrop.Engine.Whisper.Decoding;

/// <summary>
/// Splits a window's tokens into segments at consecutive timestamp pairs and computes how far
/// <c>seek</c> advances, exactly as openai/whisper's transcribe loop does.
/// </summary>
internal static class SegmentSplitter
{
    /// <summary>Frames (10 ms) per timestamp step: 20 ms.</summary>
    public const int InputStride = 2;

    public const double TimePrecision = 0.02;

    public readonly record struct Piece(double Start, double End, int[] Tokens);

    /// <param name="tokens">Sampled tokens without end-of-text.</param>
    /// <param name="segmentFrames">Frames of real audio in the window (≤ 3000).</param>
    /// <param name="seekAdvance">Frames to advance <c>seek</c> by.</param>
    /// <returns>Pieces with times relative to the window start, in seconds.</returns>
    public static List<Piece> Split(int[] tokens, int timestampBegin, int segmentFrames, out int seekAdvance)
    {
        var pieces = new List<Piece>();
        bool IsTs(int i) => tokens[i] >= timestampBegin;
        bool singleTimestampEnding = tokens.Length >= 2 && !IsTs(tokens.Length - 2) && IsTs(tokens.Length - 1);

        var slices = new List<int>();
        for (int i = 1; i < tokens.Length; i++)
        {
            if (IsTs(i - 1) && IsTs(i))
            {
                slices.Add(i);
            }
        }

        if (slices.Count > 0)
        {
            if (singleTimestampEnding)
            {
                slices.Add(tokens.Length);
            }

            int lastSlice = 0;
            foreach (var current in slices)
            {
                var sliced = tokens[lastSlice..current];
                int startPos = sliced[0] - timestampBegin;
                int endPos = sliced[^1] - timestampBegin;
                pieces.Add(new Piece(startPos * TimePrecision, endPos * TimePrecision, sliced));
                lastSlice = current;
            }

            if (singleTimestampEnding)
            {
                seekAdvance = segmentFrames;
            }
            else
            {
                int lastTimestampPos = tokens[lastSlice - 1] - timestampBegin;
                seekAdvance = lastTimestampPos * InputStride;
            }
        }
        else
        {
            double duration = segmentFrames * 0.01;
            for (int i = tokens.Length - 1; i >= 0; i--)
            {
                if (IsTs(i))
                {
                    if (tokens[i] != timestampBegin)
                    {
                        duration = (tokens[i] - timestampBegin) * TimePrecision;
                    }

                    break;
                }
            }

            pieces.Add(new Piece(0, duration, tokens));
            seekAdvance = segmentFrames;
        }

        return pieces;
    }
}
