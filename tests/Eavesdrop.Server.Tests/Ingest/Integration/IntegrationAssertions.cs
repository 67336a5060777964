using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Eavesdrop.Server.Ingest;
using Eavesdrop.Tests.Common;
using Eavesdrop.Tests.Common.Rtsp;

namespace Eavesdrop.Server.Tests.Ingest.Integration;

internal static class IntegrationAssertions
{

    public static async Task FailsRepeatedlyWithAsync(LiveClient live, IngestError error, string ffmpegText)
    {
        var first = await live.WaitForErrorAsync(error);
        var second = await live.WaitForErrorAsync(error);

        Assert.Equal(first.Current.Epoch + 1, second.Current.Epoch);
        Assert.Contains(ffmpegText, first.End?.Message, StringComparison.Ordinal);
        Assert.NotEqual(0, first.End?.ExitCode);
        Assert.Equal(error, live.Client.Status.LastError);
        var logged = live.LogCollector.GetSnapshot()
            .Where(r => r.Id.Id == IngestEventIds.FfmpegError && r.GetStructuredStateValue("ErrorClass") == error.ToString())
            .ToList();
        Assert.NotEmpty(logged);
        Assert.All(logged, r => Assert.Contains(r.Scopes, s => s?.ToString() == "stream=cam"));
    }

    public static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
