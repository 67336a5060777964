using Eavesdrop.Protocol;
using Eavesdrop.Server.Sessions;

namespace Eavesdrop.Server.Transport;

/// <summary>Session results in wire form, shared by WebSocket clients and RTSP subscribers.</summary>
internal static class SegmentMapping
{
    public static Segment ToWire(this SessionSegment segment) => new()
    {
        Id = segment.Id,
        Seek = segment.Seek,
        Start = Math.Round(segment.Start, 3),
        End = Math.Round(segment.End, 3),
        Text = segment.Text,
        Tokens = segment.Tokens,
        AvgLogprob = segment.AvgLogProb,
        CompressionRatio = segment.CompressionRatio,
        Words = segment.Words?.Select(w => new Word { Start = Math.Round(w.Start, 3), End = Math.Round(w.End, 3), Text = w.Word, Probability = w.Probability }).ToList(),
        Temperature = segment.Temperature,
        Completed = segment.Completed,
    };

    public static TranscriptionMessage ToWire(this SessionTranscription transcription, string stream) => new()
    {
        Stream = stream,
        Segments = transcription.Segments.Select(ToWire).ToList(),
        Language = transcription.Language,
        RecordingId = transcription.RecordingId,
        FlushComplete = transcription.FlushComplete ? true : null,
    };
}
