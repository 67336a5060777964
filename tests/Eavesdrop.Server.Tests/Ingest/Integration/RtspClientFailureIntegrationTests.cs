using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Eavesdrop.Server.Ingest;
using Eavesdrop.Tests.Common;
using Eavesdrop.Tests.Common.Rtsp;

namespace Eavesdrop.Server.Tests.Ingest.Integration;

/// <summary>Real ffmpeg against failing RTSP endpoints: each failure is classified, logged and retried.</summary>
[Trait("Category", "Integration")]
public sealed class RtspClientFailureIntegrationTests(SharedRtspServerFixture shared) : IClassFixture<SharedRtspServerFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_UnknownPath_IsClassifiedNotFoundAndRetried()
    {
        await using var live = new LiveClient(shared.Server.UrlFor("no-such-path"));
        live.Start();

        await IntegrationAssertions.FailsRepeatedlyWithAsync(live, IngestError.NotFound, "404 Not Found");
    }

    [Fact]
    public async Task RunAsync_WrongPassword_IsClassifiedUnauthorizedAndThePasswordNeverLogged()
    {
        await using var live = new LiveClient(shared.Server.UrlFor("secure", SharedRtspServerFixture.User, SharedRtspServerFixture.WrongPassword));
        live.Start();

        await IntegrationAssertions.FailsRepeatedlyWithAsync(live, IngestError.Unauthorized, "401 Unauthorized");
        await live.DisposeAsync();

        var texts = live.LogTexts();
        Assert.Contains(texts, t => t.Contains("rtsp://***@127.0.0.1", StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain(SharedRtspServerFixture.WrongPassword, t, StringComparison.Ordinal));
        Assert.DoesNotContain(SharedRtspServerFixture.WrongPassword, live.Client.Status.LastErrorMessage ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_VideoOnlyStream_IsClassifiedNoAudioStreamAndRetried()
    {
        await using var live = new LiveClient(shared.Server.UrlFor("garage"));
        live.Start();

        await IntegrationAssertions.FailsRepeatedlyWithAsync(live, IngestError.NoAudioStream, "does not contain any stream");
    }

    [Fact]
    public async Task RunAsync_ServerRefusesTcpTransport_IsClassifiedUnsupportedTransport()
    {
        await using var live = new LiveClient(shared.Server.UrlFor("udp"));
        live.Start();

        await IntegrationAssertions.FailsRepeatedlyWithAsync(live, IngestError.UnsupportedTransport, "461 Unsupported transport");
    }

    [Fact]
    public async Task RunAsync_UnreachablePort_IsClassifiedConnectionRefusedAndRetried()
    {
        await using var live = new LiveClient(new Uri($"rtsp://127.0.0.1:{IntegrationAssertions.UnusedPort()}/office"));
        live.Start();

        await IntegrationAssertions.FailsRepeatedlyWithAsync(live, IngestError.ConnectionRefused, "Connection refused");
    }
}
