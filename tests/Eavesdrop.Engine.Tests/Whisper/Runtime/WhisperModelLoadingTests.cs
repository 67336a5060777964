using Eavesdrop.Tests.Common.Whisper;
using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Whisper;
using Eavesdrop.Engine.Whisper.Runtime;

namespace Eavesdrop.Engine.Tests.Whisper.Runtime;

public sealed class WhisperModelLoadingTests
{
    [Fact]
    public void Discover_SplitAndMergedPresent_PrefersSplitFp32()
    {
        var files = WhisperModelFiles.Discover(SyntheticWhisperModels.Multilingual, WhisperModelVariant.Auto);
        Assert.EndsWith("encoder_model.onnx", files.Encoder);
        Assert.EndsWith("decoder_model.onnx", files.Decoder);
        Assert.EndsWith("decoder_with_past_model.onnx", files.DecoderWithPast);
        Assert.Null(files.DecoderMerged);
        Assert.False(files.Quantized);
    }

    [Fact]
    public void Discover_Int8_FindsQuantizedFiles()
    {
        var files = WhisperModelFiles.Discover(SyntheticWhisperModels.Multilingual, WhisperModelVariant.Int8);
        Assert.EndsWith("encoder_model_quantized.onnx", files.Encoder);
        Assert.EndsWith("decoder_with_past_model_quantized.onnx", files.DecoderWithPast);
        Assert.True(files.Quantized);
    }

    [Fact]
    public void Discover_MergedOnly_UsesMergedDecoder()
    {
        var files = WhisperModelFiles.Discover(SyntheticWhisperModels.LargeV3, WhisperModelVariant.Auto);
        Assert.EndsWith("decoder_model_merged.onnx", files.DecoderMerged);
        Assert.Null(files.Decoder);
    }

    [Fact]
    public void Discover_Int8Named_int8_Accepted()
    {
        var copy = SyntheticWhisperModels.CopyModel(SyntheticWhisperModels.Multilingual, f => f.EndsWith(".json") || f.Contains("_quantized"));
        foreach (var file in Directory.GetFiles(Path.Combine(copy, "onnx")))
        {
            File.Move(file, file.Replace("_quantized", "_int8"));
        }

        var files = WhisperModelFiles.Discover(copy, WhisperModelVariant.Auto);
        Assert.EndsWith("encoder_model_int8.onnx", files.Encoder);
        Assert.True(files.Quantized);
    }

    [Fact]
    public void Discover_NoDecoder_ClearError()
    {
        var copy = SyntheticWhisperModels.CopyModel(SyntheticWhisperModels.English, f => f.EndsWith(".json") || f.Contains("encoder"));
        var ex = Assert.Throws<EngineException>(() => WhisperModelFiles.Discover(copy, WhisperModelVariant.Auto));
        Assert.Contains("decoder_with_past_model", ex.Message);
    }

    [Fact]
    public void Load_TruncatedDecoderFile_EngineExceptionNamingTheFile()
    {
        var copy = SyntheticWhisperModels.CopyModel(SyntheticWhisperModels.English, _ => true);
        var decoder = Path.Combine(copy, "onnx", "decoder_with_past_model.onnx");
        using (var stream = new FileStream(decoder, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        var ex = Assert.Throws<EngineException>(() => WhisperEngine.Load(copy));
        Assert.Contains(decoder, ex.Message);
        Assert.Contains("truncated or corrupt", ex.Message);
    }

    [Fact]
    public void Load_CorruptEncoderFile_EngineExceptionNamingTheFile()
    {
        var copy = SyntheticWhisperModels.CopyModel(SyntheticWhisperModels.English, _ => true);
        var encoder = Path.Combine(copy, "onnx", "encoder_model.onnx");
        File.WriteAllText(encoder, "<html>404 Not Found</html>");
        var ex = Assert.Throws<EngineException>(() => WhisperEngine.Load(copy));
        Assert.Contains(encoder, ex.Message);
    }

    [Fact]
    public void Load_MissingConfig_EngineException()
    {
        var copy = SyntheticWhisperModels.CopyModel(SyntheticWhisperModels.English, f => f != "config.json");
        var ex = Assert.Throws<EngineException>(() => WhisperEngine.Load(copy));
        Assert.Contains("config.json", ex.Message);
    }

    [Fact]
    public void Load_NotAWhisperDecoder_EngineExceptionListsMissingTensors()
    {
        var copy = SyntheticWhisperModels.CopyModel(SyntheticWhisperModels.English, _ => true);
        // An encoder where the decoder should be: valid ONNX, wrong tensors.
        File.Copy(Path.Combine(copy, "onnx", "encoder_model.onnx"), Path.Combine(copy, "onnx", "decoder_model.onnx"), overwrite: true);
        var ex = Assert.Throws<EngineException>(() => WhisperEngine.Load(copy));
        Assert.Contains("decoder_model.onnx", ex.Message);
        Assert.Contains("input_ids", ex.Message);
    }

    [Theory]
    [InlineData("multilingual", true, 99, 80, 51865)]
    [InlineData("english", false, 0, 80, 51864)]
    [InlineData("large-v3", true, 100, 128, 51866)]
    public void Config_ReadsVariantFromConfigFiles(string which, bool multilingual, int languages, int mels, int vocab)
    {
        var directory = which switch
        {
            "multilingual" => SyntheticWhisperModels.Multilingual,
            "english" => SyntheticWhisperModels.English,
            _ => SyntheticWhisperModels.LargeV3,
        };
        var config = WhisperModelConfig.Load(directory);
        Assert.Equal(multilingual, config.IsMultilingual);
        Assert.Equal(languages, config.NumLanguages);
        Assert.Equal(mels, config.NumMelBins);
        Assert.Equal(vocab, config.VocabSize);
        Assert.Equal(1500, config.MaxSourcePositions);
        Assert.Equal(448, config.MaxTargetPositions);
    }
}
