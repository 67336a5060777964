using Eavesdrop.Engine.Sphinx;

namespace Eavesdrop.Engine.Tests.Sphinx;

/// <summary>One engine over Debian's real en-us model, shared by a test class (loading costs ~1 s per decoder).</summary>
public sealed class PocketSphinxEngineFixture : IAsyncDisposable
{
    public PocketSphinxEngineFixture()
    {
        Engine = PocketSphinxEngine.Load(new PocketSphinxOptions { MaxDecoders = 4 });
    }

    internal PocketSphinxEngine Engine { get; }

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}
