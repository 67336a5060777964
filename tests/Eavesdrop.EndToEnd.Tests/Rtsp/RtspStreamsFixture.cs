using Eavesdrop.EndToEnd.Tests.Cli;
using Eavesdrop.EndToEnd.Tests.Server;
using Eavesdrop.Tests.Common.Rtsp;

namespace Eavesdrop.EndToEnd.Tests.Rtsp;

/// <summary>
/// One real RTSP server (GStreamer) and one real <c>eavesdrop serve --engine sphinx</c> with six
/// streams, shared by a test class: two good ones speaking different speech (office: jfk;
/// library: LibriVox), and four broken ones (404, 401, video only, nothing listening).
/// </summary>
public sealed class RtspStreamsFixture : IAsyncLifetime
{
    public const string User = "viewer";
    public const string Password = "Pa55word-xyz";
    public const string WrongPassword = "Wr0ng-pa55-abc";

    private StreamAudio? _audio;
    private RtspTestServer? _rtsp;
    private RunningServer? _server;

    internal RunningServer Server => _server ?? throw new InvalidOperationException("Not started.");

    internal StreamAudio Audio => _audio ?? throw new InvalidOperationException("Not started.");

    public RtspTestServer Rtsp => _rtsp ?? throw new InvalidOperationException("Not started.");

    public int DeadPort { get; private set; }

    public async ValueTask InitializeAsync()
    {
        _audio = await StreamAudio.CreateAsync();
        _rtsp = await RtspTestServer.StartAsync(
        [
            RtspMount.LoopWav("office", _audio.OfficeWav),
            RtspMount.LoopWav("library", _audio.LibraryWav),
            RtspMount.WithAuth("secure", User, Password, _audio.OfficeWav),
            RtspMount.VideoOnly("garage"),
        ]);
        DeadPort = LoopbackPorts.GetFree();
        var config = RtspServeConfig.Write(_audio.Directory,
        [
            ("office", _rtsp.UrlFor("office")),
            ("library", _rtsp.UrlFor("library")),
            ("missing", _rtsp.UrlFor("no-such-path")),
            ("locked", _rtsp.UrlFor("secure", User, WrongPassword)),
            ("garage", _rtsp.UrlFor("garage")),
            ("dead", new Uri($"rtsp://127.0.0.1:{DeadPort}/office")),
        ]);
        _server = await RunningServer.StartAsync("--json-logs", "--config", config);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_rtsp is not null)
        {
            await _rtsp.DisposeAsync();
        }

        _audio?.Dispose();
    }
}
