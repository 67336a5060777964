using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Vad;

namespace Eavesdrop.Engine.Tests.Vad;

public sealed class SileroVoiceActivityDetectorLoadTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("eavesdrop-vad-");

    [Fact]
    public void DefaultModelPath_IsModelsFolderBesideApplication()
    {
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "models", "silero_vad_v5.onnx"), SileroVadOptions.DefaultModelPath);
        Assert.True(File.Exists(SileroVadOptions.DefaultModelPath), "run scripts/fetch-vad-model.sh before building");
    }

    [Fact]
    public void Load_MissingModel_ThrowsEngineExceptionNamingPath()
    {
        var missing = Path.Combine(_temp.FullName, "absent.onnx");

        var ex = Assert.Throws<EngineException>(() => SileroVoiceActivityDetector.Load(new SileroVadOptions { ModelPath = missing }));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
        Assert.Contains("fetch-vad-model.sh", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedModel_ThrowsEngineExceptionNamingPath()
    {
        var truncated = Path.Combine(_temp.FullName, "truncated.onnx");
        var model = File.ReadAllBytes(SileroVadOptions.DefaultModelPath);
        File.WriteAllBytes(truncated, model.AsSpan(0, model.Length / 3).ToArray());

        var ex = Assert.Throws<EngineException>(() => SileroVoiceActivityDetector.Load(new SileroVadOptions { ModelPath = truncated }));

        Assert.Contains(truncated, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DefaultOptions_NamesResolvedPath()
    {
        using var detector = SileroVoiceActivityDetector.Load(new SileroVadOptions());

        Assert.Equal(SileroVadOptions.DefaultModelPath, detector.ModelPath);
    }

    [Fact]
    public void OpenStream_AfterDetectorDisposed_Throws()
    {
        var detector = SileroVoiceActivityDetector.Load(new SileroVadOptions());
        using var stream = detector.OpenStream();
        detector.Dispose();

        Assert.Throws<ObjectDisposedException>(() => stream.SpeechProbability(new float[512]));
    }

    public void Dispose() => _temp.Delete(recursive: true);
}
