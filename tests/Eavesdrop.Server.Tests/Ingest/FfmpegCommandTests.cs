using Eavesdrop.Server.Ingest;

namespace Eavesdrop.Server.Tests.Ingest;

public sealed class FfmpegCommandTests
{
    [Fact]
    public void Arguments_RtspUrl_AreTheDesignCommandWithTheUrlVerbatim()
    {
        const string Url = "rtsp://brainbox:8554/office?audio=all";

        var arguments = FfmpegCommand.Arguments(new Uri(Url));

        Assert.Equal(
            "-fflags nobuffer -flags low_delay -rtsp_transport tcp -i rtsp://brainbox:8554/office?audio=all -vn -acodec pcm_s16le -ar 16000 -ac 1 -f s16le -",
            string.Join(' ', arguments));
        Assert.Equal(Url, arguments[7]);
    }
}
