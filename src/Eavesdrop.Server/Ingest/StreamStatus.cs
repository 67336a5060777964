using System.Text.Json.Serialization;

namespace Eavesdrop.Server.Ingest;

/// <summary>
/// A snapshot of one stream for operators (a log line per change, JSON through
/// <see cref="IngestJsonContext"/>). Holds no credentials.
/// </summary>
internal sealed record StreamStatus
{
    /// <summary>The stream's name (its key under <c>streams:</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The stream URL with credentials masked.</summary>
    public required string Url { get; init; }

    public StreamState State { get; init; }

    /// <summary>When <see cref="State"/> was entered.</summary>
    public DateTimeOffset Since { get; init; }

    /// <summary>The current connection number (1 for the first ffmpeg run; 0 before any).</summary>
    public int Epoch { get; init; }

    /// <summary>How many times ffmpeg was started again after an end.</summary>
    public int ReconnectCount { get; init; }

    /// <summary>PCM bytes received from ffmpeg over all connections.</summary>
    public long BytesReceived { get; init; }

    /// <summary>Seconds of 16 kHz mono s16le audio that <see cref="BytesReceived"/> represents.</summary>
    [JsonPropertyName("audio_seconds")]
    public double AudioSeconds => BytesReceived / (double)(AudioChunk.SampleRate * AudioChunk.BytesPerSample);

    /// <summary>The class of the last error or end; null until the first one.</summary>
    public IngestError? LastError { get; init; }

    /// <summary>The last error's text (ffmpeg's line, redacted).</summary>
    public string? LastErrorMessage { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }
}
