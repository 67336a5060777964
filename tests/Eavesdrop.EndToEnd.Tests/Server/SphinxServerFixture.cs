namespace Eavesdrop.EndToEnd.Tests.Server;

/// <summary>One real server (PocketSphinx engine, Silero VAD) shared by the tests of a class.</summary>
public sealed class SphinxServerFixture : IAsyncLifetime
{
    private RunningServer? _server;

    internal RunningServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public Uri Uri => Server.Uri;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync("--json-logs");

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
