using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Sphinx;

namespace Eavesdrop.Engine.Tests.Sphinx;

public sealed class PocketSphinxEngineLoadTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("eavesdrop-sphinx-");

    [Fact]
    public void Load_MissingModelDirectory_ThrowsEngineExceptionNamingPath()
    {
        var missing = Path.Combine(_temp.FullName, "no-such-model");

        var ex = Assert.Throws<EngineException>(() => PocketSphinxEngine.Load(new PocketSphinxOptions { ModelDirectory = missing }));

        Assert.Contains(Path.Combine(missing, "en-us"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingDictionary_ThrowsEngineExceptionNamingPath()
    {
        var missing = Path.Combine(_temp.FullName, "missing.dict");

        var ex = Assert.Throws<EngineException>(() => PocketSphinxEngine.Load(new PocketSphinxOptions { DictionaryPath = missing }));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptLanguageModel_ThrowsEngineExceptionNamingPath()
    {
        var corrupt = Path.Combine(_temp.FullName, "corrupt.lm.bin");
        File.WriteAllBytes(corrupt, new byte[100]);

        var ex = Assert.Throws<EngineException>(() => PocketSphinxEngine.Load(new PocketSphinxOptions { LanguageModelPath = corrupt }));

        Assert.Contains(corrupt, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_ThenTranscribe_ThrowsObjectDisposed()
    {
        var engine = PocketSphinxEngine.Load(new PocketSphinxOptions { MaxDecoders = 1 });
        await engine.DisposeAsync();
        await engine.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => engine.Transcribe([new TranscriptionRequest(new float[1600], DecodingOptions.Default)], TestContext.Current.CancellationToken));
    }

    public void Dispose() => _temp.Delete(recursive: true);
}
