namespace Eavesdrop.Server.Ingest;

/// <summary>
/// Classifies ffmpeg stderr lines by stable substrings of ffmpeg 5.1's messages. A line that matches
/// nothing is chatter (banner, stream info, progress) and yields null.
/// </summary>
internal static class FfmpegStderrClassifier
{
    // First match wins: specific RTSP status codes before the generic words that share their line.
    private static readonly (string Fragment, IngestError Error)[] s_patterns =
    [
        ("Connection refused", IngestError.ConnectionRefused),
        ("Failed to resolve hostname", IngestError.HostNotFound),
        ("Name or service not known", IngestError.HostNotFound),
        ("Temporary failure in name resolution", IngestError.HostNotFound),
        ("401 Unauthorized", IngestError.Unauthorized),
        ("403 Forbidden", IngestError.Unauthorized),
        ("authorization failed", IngestError.Unauthorized),
        ("404 Not Found", IngestError.NotFound),
        ("461 Unsupported transport", IngestError.UnsupportedTransport),
        ("503 Service Unavailable", IngestError.ServiceUnavailable),
        ("does not contain any stream", IngestError.NoAudioStream),
        ("matches no streams", IngestError.NoAudioStream),
        ("Invalid data found when processing input", IngestError.InvalidData),
        ("timed out", IngestError.Timeout),
    ];

    private static readonly string[] s_genericErrorWords =
    [
        "error", "failed", "could not", "cannot", "unable to", "no route to host", "network is unreachable",
    ];

    /// <summary>The error class of <paramref name="line"/>, or null when the line reports no error.</summary>
    public static IngestError? Classify(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        foreach (var (fragment, error) in s_patterns)
        {
            if (line.Contains(fragment, StringComparison.OrdinalIgnoreCase))
            {
                return error;
            }
        }

        if (IsProgressOrInfo(line))
        {
            return null;
        }

        foreach (var word in s_genericErrorWords)
        {
            if (line.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return IngestError.Other;
            }
        }

        return null;
    }

    // "size= 82kB time=... bitrate=..." progress and the build banner mention no errors, but
    // "--enable-libzvbi ... error-resilience" style configuration text could trip the generic words.
    private static bool IsProgressOrInfo(string line) =>
        line.StartsWith("size=", StringComparison.Ordinal)
        || line.StartsWith("  configuration:", StringComparison.Ordinal)
        || line.StartsWith("ffmpeg version", StringComparison.Ordinal)
        || line.StartsWith("  built with", StringComparison.Ordinal)
        || line.StartsWith("  lib", StringComparison.Ordinal);
}
