namespace Eavesdrop.Server.Ingest;

/// <summary>The ffmpeg command line of design §3.4, as an argument list.</summary>
internal static class FfmpegCommand
{
    /// <summary>
    /// <c>ffmpeg -fflags nobuffer -flags low_delay -rtsp_transport tcp -i {rtsp_url} -vn -acodec pcm_s16le -ar 16000 -ac 1 -f s16le -</c>
    /// </summary>
    public static IReadOnlyList<string> Arguments(Uri rtspUrl)
    {
        ArgumentNullException.ThrowIfNull(rtspUrl);
        return
        [
            "-fflags", "nobuffer",
            "-flags", "low_delay",
            "-rtsp_transport", "tcp",
            "-i", rtspUrl.OriginalString,
            "-vn",
            "-acodec", "pcm_s16le",
            "-ar", "16000",
            "-ac", "1",
            "-f", "s16le",
            "-",
        ];
    }
}
