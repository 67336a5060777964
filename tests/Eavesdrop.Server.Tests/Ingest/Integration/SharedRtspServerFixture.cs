using Eavesdrop.Tests.Common;
using Eavesdrop.Tests.Common.Rtsp;

namespace Eavesdrop.Server.Tests.Ingest.Integration;

/// <summary>One RTSP server with every mount the non-destructive integration tests need, shared by a test class.</summary>
public sealed class SharedRtspServerFixture : IAsyncLifetime
{
    public const string User = "viewer";
    public const string Password = "Pa55word-xyz";
    public const string WrongPassword = "Wr0ng-pa55-abc";

    private RtspTestServer? _server;

    public RtspTestServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public async ValueTask InitializeAsync()
    {
        _server = await RtspTestServer.StartAsync(
        [
            RtspMount.LoopWav("tone", IngestTestAudio.Tone440Wav),
            RtspMount.LoopWav("office", TestPaths.JfkWav),
            RtspMount.WithAuth("secure", User, Password, TestPaths.JfkWav),
            RtspMount.VideoOnly("garage"),
            RtspMount.UdpOnly("udp", TestPaths.JfkWav),
        ]);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
