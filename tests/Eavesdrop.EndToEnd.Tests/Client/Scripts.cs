using Eavesdrop.Protocol;

namespace Eavesdrop.EndToEnd.Tests.Client;

/// <summary>Builders for the scripted server's answers.</summary>
internal static class Scripts
{
    public static Segment Completed(ulong previousId, string text, double start, double end) => new()
    {
        Id = SegmentIdChain.NextId(previousId, text),
        Seek = 0,
        Start = start,
        End = end,
        Text = text,
        Tokens = [1, 2, 3],
        AvgLogprob = -0.2,
        CompressionRatio = 1.2,
        Completed = true,
    };

    public static Segment Tail(string text, double start, double end) => new()
    {
        Id = SegmentIdChain.BaselineId,
        Seek = 0,
        Start = start,
        End = end,
        Text = text,
        Tokens = [],
        AvgLogprob = 0,
        CompressionRatio = 0,
        Completed = false,
    };

    /// <summary>Four chained completed segments, as a server would produce for jfk.wav.</summary>
    public static IReadOnlyList<Segment> JfkSegments()
    {
        var a = Completed(SegmentIdChain.BaselineId, " And so my fellow Americans,", 0, 2.5);
        var b = Completed(a.Id, " ask not what your country can do for you,", 2.5, 6);
        var c = Completed(b.Id, " ask what you can do", 6, 8.5);
        var d = Completed(c.Id, " for your country.", 8.5, 11);
        return [a, b, c, d];
    }

    public static TranscriptionMessage Window(string stream, params Segment[] segments) =>
        new() { Timestamp = 1, Stream = stream, Segments = segments };
}
