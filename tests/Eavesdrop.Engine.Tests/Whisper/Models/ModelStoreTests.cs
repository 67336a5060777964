using System.Net;
using System.Net.Sockets;
using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Whisper.Models;

namespace Eavesdrop.Engine.Tests.Whisper.Models;

/// <summary>The model store against a real HTTP server on 127.0.0.1 that answers like Hugging Face.</summary>
public sealed class ModelStoreTests : IAsyncLifetime
{
    private const string Encoder = "onnx/encoder_model.onnx";
    private const string MergedDecoder = "onnx/decoder_model_merged.onnx";
    private const string MergedDecoderData = "onnx/decoder_model_merged.onnx_data";

    private readonly string _cache = Path.Combine(Path.GetTempPath(), "eavesdrop-model-store-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, byte[]> _files = SyntheticRepository();
    private FakeModelServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeModelServer.StartAsync(_files, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, recursive: true);
        }
    }

    [Fact]
    public async Task ResolveAsync_NamedModelNotCached_DownloadsEveryPublishedFileAndMarksItComplete()
    {
        using var store = CreateStore();

        var directory = await store.ResolveAsync(_server.Repository, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(_cache, "test-org_whisper-fake"), directory);
        string[] expected = ["config.json", "generation_config.json", "tokenizer.json", "preprocessor_config.json", Encoder, MergedDecoder, MergedDecoderData];
        foreach (var path in expected)
        {
            Assert.Equal(_files[path], await File.ReadAllBytesAsync(Path.Combine(directory, path), TestContext.Current.CancellationToken));
        }

        Assert.False(File.Exists(Path.Combine(directory, "onnx/encoder_model_quantized.onnx")), "another variant's files are not fetched");
        Assert.False(File.Exists(Path.Combine(directory, "vocab.json")), "files the repository lacks are skipped");
        Assert.Empty(Directory.GetFiles(directory, "*.partial", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(directory, ModelManifest.FileName(ModelVariant.Fp32))));
        Assert.True(store.IsCached(Model()));
    }

    [Fact]
    public async Task ResolveAsync_ModelAlreadyDownloaded_UsesTheCacheWithoutAnyRequest()
    {
        using (var first = CreateStore())
        {
            await first.ResolveAsync(_server.Repository, cancellationToken: TestContext.Current.CancellationToken);
        }

        var requestsAfterDownload = _server.Requests.Count;
        using var second = CreateStore();
        var directory = await second.ResolveAsync(_server.Repository, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(requestsAfterDownload, _server.Requests.Count);
        Assert.Equal(_files[Encoder], await File.ReadAllBytesAsync(Path.Combine(directory, Encoder), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ResolveAsync_TransferDropsMidBody_ResumesWithRangeAndTheBytesAreExact()
    {
        _server.AbortOnceAfter(MergedDecoder, 100_000);
        using var store = CreateStore();

        var directory = await store.ResolveAsync(_server.Repository, cancellationToken: TestContext.Current.CancellationToken);

        var contentGets = _server.Requests.Where(r => r.Method == "GET" && r.Path.StartsWith("cdn/", StringComparison.Ordinal) && r.Path.EndsWith(MergedDecoder, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, contentGets.Count);
        Assert.Null(contentGets[0].Range);
        Assert.NotNull(contentGets[1].Range);
        var resumedFrom = long.Parse(contentGets[1].Range!["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(resumedFrom, 1, 100_000);
        Assert.Equal(_files[MergedDecoder], await File.ReadAllBytesAsync(Path.Combine(directory, MergedDecoder), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ResolveAsync_InterruptedRunGaveUp_NextRunResumesFromThePartialFile()
    {
        _server.AbortOnceAfter(MergedDecoder, 100_000);
        using (var impatient = CreateStore(maxAttempts: 1))
        {
            var error = await Assert.ThrowsAsync<EngineException>(() => impatient.ResolveAsync(_server.Repository, cancellationToken: TestContext.Current.CancellationToken));
            Assert.Contains("resumes", error.Message, StringComparison.Ordinal);
        }

        var partial = Path.Combine(_cache, "test-org_whisper-fake", MergedDecoder + ".partial");
        var kept = new FileInfo(partial).Length;
        Assert.InRange(kept, 1, 100_000);
        Assert.False(File.Exists(Path.Combine(_cache, "test-org_whisper-fake", ModelManifest.FileName(ModelVariant.Fp32))));

        using var store = CreateStore();
        var directory = await store.ResolveAsync(_server.Repository, cancellationToken: TestContext.Current.CancellationToken);

        var resume = _server.Requests.Last(r => r.Method == "GET" && r.Path.StartsWith("cdn/", StringComparison.Ordinal) && r.Path.EndsWith(MergedDecoder, StringComparison.Ordinal));
        Assert.Equal($"bytes={kept}-", resume.Range);
        Assert.Equal(_files[MergedDecoder], await File.ReadAllBytesAsync(Path.Combine(directory, MergedDecoder), TestContext.Current.CancellationToken));
        Assert.False(File.Exists(partial));
    }

    [Fact]
    public async Task ResolveAsync_FileDoesNotMatchPublishedSha256_FailsClearlyAndLeavesNothingMarkedComplete()
    {
        _server.PublishWrongSha(Encoder);
        using var store = CreateStore();

        var error = await Assert.ThrowsAsync<EngineException>(() => store.ResolveAsync(_server.Repository, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
        Assert.Contains(Encoder, error.Message, StringComparison.Ordinal);
        var directory = Path.Combine(_cache, "test-org_whisper-fake");
        Assert.False(File.Exists(Path.Combine(directory, Encoder)));
        Assert.False(File.Exists(Path.Combine(directory, Encoder + ".partial")));
        Assert.False(File.Exists(Path.Combine(directory, ModelManifest.FileName(ModelVariant.Fp32))));
        Assert.False(store.IsCached(Model()));
    }

    [Fact]
    public async Task ResolveAsync_RequiredFileMissingOnServer_NamesTheFileAndThe404()
    {
        _server.Remove(Encoder);
        using var store = CreateStore();

        var error = await Assert.ThrowsAsync<EngineException>(() => store.ResolveAsync(_server.Repository, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        Assert.Contains(Encoder, error.Message, StringComparison.Ordinal);
        Assert.False(store.IsCached(Model()));
    }

    [Fact]
    public async Task ResolveAsync_NoMergedDecoder_DownloadsTheSplitDecoderPair()
    {
        _server.Remove(MergedDecoder);
        using var store = CreateStore();

        var directory = await store.ResolveAsync(_server.Repository, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(File.Exists(Path.Combine(directory, "onnx/decoder_model.onnx")));
        Assert.True(File.Exists(Path.Combine(directory, "onnx/decoder_with_past_model.onnx")));
        Assert.False(File.Exists(Path.Combine(directory, MergedDecoderData)), "external data belongs to the merged graph that is not used");
    }

    [Fact]
    public async Task ResolveAsync_QuantizedVariant_FetchesTheSuffixedGraphsIntoTheSameFolder()
    {
        using var store = CreateStore(variant: ModelVariant.Quantized);

        var directory = await store.ResolveAsync(_server.Repository, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(_files["onnx/encoder_model_quantized.onnx"], await File.ReadAllBytesAsync(Path.Combine(directory, "onnx/encoder_model_quantized.onnx"), TestContext.Current.CancellationToken));
        Assert.True(File.Exists(Path.Combine(directory, "onnx/decoder_model_merged_quantized.onnx")));
        Assert.False(File.Exists(Path.Combine(directory, Encoder)));
        Assert.True(File.Exists(Path.Combine(directory, ModelManifest.FileName(ModelVariant.Quantized))));
    }

    [Fact]
    public async Task ResolveAsync_VariantTheRepositoryLacks_SaysSo()
    {
        using var store = CreateStore(variant: ModelVariant.Int8);

        var error = await Assert.ThrowsAsync<EngineException>(() => store.ResolveAsync(_server.Repository, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("onnx/encoder_model_int8.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("int8 variant", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_ServerUnreachable_ExplainsHowToProvideTheFilesOffline()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var store = new ModelStore(new ModelStoreOptions { CacheDirectory = _cache, BaseUrl = new Uri($"http://127.0.0.1:{closedPort}/"), RetryDelay = TimeSpan.Zero });

        var error = await Assert.ThrowsAsync<EngineException>(() => store.ResolveAsync("tiny.en", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains($"Could not reach http://127.0.0.1:{closedPort}/", error.Message, StringComparison.Ordinal);
        Assert.Contains("'tiny.en'", error.Message, StringComparison.Ordinal);
        Assert.Contains("onnx-community/whisper-tiny.en", error.Message, StringComparison.Ordinal);
        Assert.Contains("--model DIR", error.Message, StringComparison.Ordinal);
        Assert.Contains("onnx/encoder_model.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("onnx/decoder_model_merged.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_WithProgress_ReportsMonotonicBytesThatReachTheTotal()
    {
        _server.AbortOnceAfter(MergedDecoderData, 150_000);
        var progress = new SynchronousProgress<ModelDownloadProgress>();
        using var store = CreateStore();

        await store.ResolveAsync(_server.Repository, progress, TestContext.Current.CancellationToken);

        var reports = progress.Reports;
        var expectedTotal = new[] { "config.json", "generation_config.json", "tokenizer.json", "preprocessor_config.json", Encoder, MergedDecoder, MergedDecoderData }.Sum(p => (long)_files[p].Length);
        var downloading = reports.Where(r => r.Stage == ModelDownloadStage.Downloading).ToList();
        Assert.True(downloading.Count > 10, $"only {downloading.Count} progress reports");
        for (var i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].BytesDownloaded >= reports[i - 1].BytesDownloaded, $"report {i} went back from {reports[i - 1].BytesDownloaded} to {reports[i].BytesDownloaded}");
        }

        Assert.All(downloading, r => Assert.Equal(expectedTotal, r.TotalBytes));
        Assert.Equal(ModelDownloadStage.Completed, reports[^1].Stage);
        Assert.Equal(expectedTotal, reports[^1].BytesDownloaded);
        Assert.Equal(expectedTotal, reports[^1].TotalBytes);
    }

    [Fact]
    public async Task ResolveAsync_TwoStoresAtOnce_DownloadEachFileOnceAndBothSucceed()
    {
        using var first = CreateStore();
        using var second = CreateStore();

        var results = await Task.WhenAll(
            first.ResolveAsync(_server.Repository, cancellationToken: TestContext.Current.CancellationToken),
            second.ResolveAsync(_server.Repository, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(results[0], results[1]);
        foreach (var path in new[] { "config.json", Encoder, MergedDecoder, MergedDecoderData })
        {
            var contentGets = _server.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/" + path, StringComparison.Ordinal)
                && (r.Path.StartsWith("cdn/", StringComparison.Ordinal) || !path.Contains(".onnx", StringComparison.Ordinal)));
            Assert.Equal(1, contentGets);
            Assert.Equal(_files[path], await File.ReadAllBytesAsync(Path.Combine(results[0], path), TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task ResolveAsync_ExistingDirectory_IsReturnedWithoutDownloading()
    {
        Directory.CreateDirectory(_cache);
        using var store = CreateStore();

        var directory = await store.ResolveAsync(_cache, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Path.GetFullPath(_cache), directory);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task ResolveAsync_UnknownNameOrMissingDirectory_FailsWithTheKnownNames()
    {
        using var store = CreateStore();

        var unknown = await Assert.ThrowsAsync<EngineException>(() => store.ResolveAsync("gigantic-v9", cancellationToken: TestContext.Current.CancellationToken));
        var missing = await Assert.ThrowsAsync<EngineException>(() => store.ResolveAsync("./no/such/model", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("tiny.en", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("large-v3-turbo", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    private ModelStore CreateStore(int maxAttempts = 3, ModelVariant variant = ModelVariant.Fp32) => new(new ModelStoreOptions
    {
        CacheDirectory = _cache,
        BaseUrl = _server.BaseUrl,
        Variant = variant,
        MaxAttempts = maxAttempts,
        RetryDelay = TimeSpan.Zero,
        AccessToken = null,
    });

    private WhisperModelInfo Model()
    {
        Assert.True(WhisperModelCatalog.TryResolve(_server.Repository, out var model));
        return model;
    }

    private static Dictionary<string, byte[]> SyntheticRepository()
    {
        var random = new Random(1234);
        byte[] Bytes(int length)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }

        static byte[] Text(string text) => System.Text.Encoding.UTF8.GetBytes(text);

        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["config.json"] = Text("""{"model_type":"whisper","d_model":64,"num_mel_bins":80}"""),
            ["generation_config.json"] = Text("""{"decoder_start_token_id":50258}"""),
            ["tokenizer.json"] = Bytes(20_000),
            ["preprocessor_config.json"] = Text("""{"feature_size":80}"""),
            [Encoder] = Bytes(300_000),
            [MergedDecoder] = Bytes(400_000),
            [MergedDecoderData] = Bytes(500_000),
            ["onnx/decoder_model.onnx"] = Bytes(120_000),
            ["onnx/decoder_with_past_model.onnx"] = Bytes(110_000),
            ["onnx/encoder_model_quantized.onnx"] = Bytes(90_000),
            ["onnx/decoder_model_merged_quantized.onnx"] = Bytes(100_000),
        };
    }
}
