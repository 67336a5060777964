namespace Eavesdrop.Protocol;

/// <summary>S→C: the language the server detected.</summary>
public sealed record LanguageDetectionMessage() : ProtocolMessage(MessageTypes.LanguageDetection)
{
    public required string Stream { get; init; }

    public required string Language { get; init; }

    public required double LanguageProb { get; init; }
}
