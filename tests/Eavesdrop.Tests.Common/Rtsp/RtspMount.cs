namespace Eavesdrop.Tests.Common.Rtsp;

/// <summary>One mount of <see cref="RtspTestServer"/>, as the command-line spec of <c>tests/fixtures/rtsp/rtsp_test_server.py</c>.</summary>
public sealed record RtspMount
{
    private RtspMount(string name, string spec)
    {
        Name = name;
        Spec = spec;
    }

    /// <summary>The path, without the leading slash.</summary>
    public string Name { get; }

    /// <summary>The argument passed to the server script.</summary>
    public string Spec { get; }

    /// <summary>A 16-bit PCM WAV looped forever.</summary>
    public static RtspMount LoopWav(string name, string wavPath) => new(name, $"{name}={Existing(wavPath)}");

    /// <summary>A 16-bit PCM WAV played once; then the server ends the stream.</summary>
    public static RtspMount PlayOnce(string name, string wavPath) => new(name, $"once:{name}={Existing(wavPath)}");

    /// <summary>An endless sine tone, 16 kHz mono.</summary>
    public static RtspMount Sine(string name, int frequencyHz) => new(name, $"sine:{name}={frequencyHz}");

    /// <summary>Video only (MJPEG), no audio track.</summary>
    public static RtspMount VideoOnly(string name) => new(name, $"video:{name}=");

    /// <summary>A looping WAV behind HTTP Basic auth; without the right credentials DESCRIBE gets 401.</summary>
    public static RtspMount WithAuth(string name, string user, string password, string wavPath)
    {
        if (user.Contains(':', StringComparison.Ordinal) || password.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("The server script splits the spec on ':'; use credentials without it.");
        }

        return new(name, $"auth:{name}={user}:{password}:{Existing(wavPath)}");
    }

    /// <summary>A looping WAV that refuses RTP over TCP, so SETUP gets 461 Unsupported transport.</summary>
    public static RtspMount UdpOnly(string name, string wavPath) => new(name, $"udp:{name}={Existing(wavPath)}");

    private static string Existing(string path) =>
        File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException("No such WAV for an RTSP mount.", path);
}
