namespace Eavesdrop.Client.Audio;

/// <summary>ffmpeg could not be started, or could not decode the input.</summary>
public sealed class AudioDecodingException : Exception
{
    public AudioDecodingException(string message)
        : base(message)
    {
    }

    public AudioDecodingException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
