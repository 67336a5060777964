using Eavesdrop.Server.Ingest;

namespace Eavesdrop.Server.Tests.Ingest;

public sealed class FfmpegStderrClassifierTests
{
    // Lines as ffmpeg 5.1.9 (Debian 12) prints them; see issue 4.
    [Theory]
    [InlineData("[tcp @ 0x5614ddb16640] Connection to tcp://127.0.0.1:1?timeout=0 failed: Connection refused", nameof(IngestError.ConnectionRefused))]
    [InlineData("rtsp://127.0.0.1:1/a: Connection refused", nameof(IngestError.ConnectionRefused))]
    [InlineData("[rtsp @ 0x565413d00a40] method DESCRIBE failed: 404 Not Found", nameof(IngestError.NotFound))]
    [InlineData("rtsp://127.0.0.1:18554/nope: Server returned 404 Not Found", nameof(IngestError.NotFound))]
    [InlineData("[rtsp @ 0x55c360d21a40] method DESCRIBE failed: 401 Unauthorized", nameof(IngestError.Unauthorized))]
    [InlineData("rtsp://***@127.0.0.1:18554/s: Server returned 401 Unauthorized (authorization failed)", nameof(IngestError.Unauthorized))]
    [InlineData("[rtsp @ 0x1] method DESCRIBE failed: 403 Forbidden", nameof(IngestError.Unauthorized))]
    [InlineData("[tcp @ 0x55a89d6ef640] Failed to resolve hostname nosuchhost.invalid: Name or service not known", nameof(IngestError.HostNotFound))]
    [InlineData("Output file #0 does not contain any stream", nameof(IngestError.NoAudioStream))]
    [InlineData("[rtsp @ 0x5600d50eca00] method SETUP failed: 461 Unsupported transport", nameof(IngestError.UnsupportedTransport))]
    [InlineData("[rtsp @ 0x1] method DESCRIBE failed: 503 Service Unavailable", nameof(IngestError.ServiceUnavailable))]
    [InlineData("rtsp://h/x: Invalid data found when processing input", nameof(IngestError.InvalidData))]
    [InlineData("[tcp @ 0x1] Connection to tcp://10.0.0.1:554?timeout=0 failed: Connection timed out", nameof(IngestError.Timeout))]
    [InlineData("rtsp://nosuchhost.invalid:18554/a: Input/output error", nameof(IngestError.Other))]
    [InlineData("[rtsp @ 0x1] Could not find codec parameters for stream 0", nameof(IngestError.Other))]
    [InlineData("[tcp @ 0x1] Connection to tcp://10.9.9.9:554?timeout=0 failed: No route to host", nameof(IngestError.Other))]
    public void Classify_FfmpegErrorLine_ReturnsItsClass(string line, string expected)
    {
        Assert.Equal(Enum.Parse<IngestError>(expected), FfmpegStderrClassifier.Classify(line));
    }

    [Theory]
    [InlineData("ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers")]
    [InlineData("  configuration: --prefix=/usr --extra-version=0+deb12u1 --toolchain=hardened --enable-gpl --enable-libzvbi --disable-error-resilience")]
    [InlineData("  libavformat    59. 27.100 / 59. 27.100")]
    [InlineData("Input #0, rtsp, from 'rtsp://127.0.0.1:18554/a':")]
    [InlineData("  Stream #0:0: Audio: pcm_s16be, 16000 Hz, mono, s16, 256 kb/s")]
    [InlineData("size=      82kB time=00:00:02.64 bitrate= 254.1kbits/s speed=1.03x    ")]
    [InlineData("video:0kB audio:91kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: 0.000000%")]
    public void Classify_InformationalLine_ReturnsNull(string line)
    {
        Assert.Null(FfmpegStderrClassifier.Classify(line));
    }
}
