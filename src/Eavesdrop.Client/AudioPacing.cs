namespace Eavesdrop.Client;

/// <summary>How fast <see cref="TranscriberClient.SendAudioAsync(IAsyncEnumerable{float[]}, AudioPacing, CancellationToken)"/> sends.</summary>
public enum AudioPacing
{
    /// <summary>No faster than the audio plays, like a microphone.</summary>
    RealTime,

    /// <summary>As fast as the socket takes it.</summary>
    AsFastAsPossible,
}
