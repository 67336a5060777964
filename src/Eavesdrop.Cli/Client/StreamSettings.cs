using Eavesdrop.Client;

namespace Eavesdrop.Cli.Client;

/// <summary>What <c>eavesdrop client stream</c> was asked to do.</summary>
internal sealed record StreamSettings
{
    public required string FilePath { get; init; }

    public required Uri ServerUri { get; init; }

    public string? ApiKey { get; init; }

    public AudioPacing Pacing { get; init; } = AudioPacing.RealTime;

    /// <summary>Send the file's bytes for the server to decode, instead of decoded samples.</summary>
    public bool FileMode { get; init; }

    public string? Language { get; init; }

    public string? Model { get; init; }

    public bool Json { get; init; }
}
