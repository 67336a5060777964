using Eavesdrop.Tests.Common.Whisper;
using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Tests.Whisper.Models;
using Eavesdrop.Engine.Tests.Whisper.Runtime;
using Eavesdrop.Engine.Whisper.Models;

namespace Eavesdrop.Engine.Tests;

public sealed class EngineFactoryTests
{
    [Fact]
    public async Task CreateAsync_WhisperByRepositoryName_DownloadsTheModelFromTheServerAndLoadsIt()
    {
        var source = SyntheticWhisperModels.Generate("--size", "test", "--variants", "fp32", "--decoders", "merged");
        var files = Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(source, f).Replace('\\', '/'), File.ReadAllBytes);
        await using var server = await FakeModelServer.StartAsync(files, TestContext.Current.CancellationToken);
        var cache = Path.Combine(Path.GetTempPath(), "eavesdrop-factory-" + Guid.NewGuid().ToString("N"));
        var progress = new SynchronousProgress<ModelDownloadProgress>();
        try
        {
            var selection = new EngineSelection
            {
                Engine = "whisper",
                Model = server.Repository,
                ModelStore = new ModelStoreOptions { CacheDirectory = cache, BaseUrl = server.BaseUrl, RetryDelay = TimeSpan.Zero },
                IntraOpThreads = 1,
            };

            var engine = await EngineFactory.CreateAsync(selection, progress, cancellationToken: TestContext.Current.CancellationToken);
            await using (engine)
            {
                Assert.Equal("whisper-onnx", engine.Name);
                Assert.Equal(server.Repository, engine.ModelName);
                var result = engine.Transcribe([new TranscriptionRequest(new float[16000], DecodingOptions.Default with { Language = "en", Temperatures = [0f] })], TestContext.Current.CancellationToken);
                Assert.Single(result);
            }

            Assert.Equal(ModelDownloadStage.Completed, progress.Reports[^1].Stage);
            Assert.True(File.Exists(Path.Combine(cache, "test-org_whisper-fake", "onnx", "decoder_model_merged.onnx")));
        }
        finally
        {
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }
        }
    }

    [Fact]
    public async Task CreateAsync_Sphinx_LoadsDebiansPocketSphinx()
    {
        var engine = await EngineFactory.CreateAsync(new EngineSelection { Engine = "sphinx" }, cancellationToken: TestContext.Current.CancellationToken);
        await using (engine)
        {
            Assert.Equal("pocketsphinx", engine.Name);
            Assert.Equal(["en"], engine.Capabilities.Languages);
        }
    }

    [Fact]
    public async Task CreateAsync_UnknownEngine_NamesTheChoices()
    {
        var error = await Assert.ThrowsAsync<EngineException>(() => EngineFactory.CreateAsync(new EngineSelection { Engine = "vosk" }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("vosk", error.Message, StringComparison.Ordinal);
        Assert.Contains("whisper", error.Message, StringComparison.Ordinal);
        Assert.Contains("sphinx", error.Message, StringComparison.Ordinal);
    }
}
