using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Protocol;
using Eavesdrop.Server.Configuration;

namespace Eavesdrop.Server.Sessions;

/// <summary>One session's resolved settings: server defaults overlaid by the client's options.</summary>
internal sealed record SessionSettings
{
    public required DecodingOptions Decoding { get; init; }

    public int SendLastNSegments { get; init; } = 10;

    public SourceMode Mode { get; init; } = SourceMode.Live;

    public StreamingOptions Streaming { get; init; } = new();

    public double VadThreshold { get; init; } = 0.5;

    public double SpeechPadSeconds { get; init; } = 0.3;
}
