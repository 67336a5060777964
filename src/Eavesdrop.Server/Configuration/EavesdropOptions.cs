namespace Eavesdrop.Server.Configuration;

/// <summary>
/// Everything the server runs with: the YAML file (if any) overlaid by command-line flags.
/// YAML keys are the snake_case forms of these property names (e.g. <c>server.max_sessions</c>).
/// </summary>
public sealed record EavesdropOptions
{
    public ServerOptions Server { get; init; } = new();

    public EngineOptions Engine { get; init; } = new();

    public TranscriptionOptions Transcription { get; init; } = new();

    public StreamingOptions Streaming { get; init; } = new();

    public VadOptions Vad { get; init; } = new();

    public RtspOptions Rtsp { get; init; } = new();

    public HistoryOptions History { get; init; } = new();

    /// <summary>RTSP streams from the design's top-level <c>streams:</c> mapping, in file order.</summary>
    public IReadOnlyList<StreamDefinition> Streams { get; init; } = [];

    /// <summary>The YAML file these options came from; null when the server runs WebSocket-only.</summary>
    public string? ConfigPath { get; init; }
}
