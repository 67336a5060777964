using Eavesdrop.Engine.Whisper.Models;

namespace Eavesdrop.Engine.Tests.Whisper.Models;

public sealed class WhisperModelCatalogTests
{
    [Theory]
    [InlineData("tiny.en", "onnx-community/whisper-tiny.en", true, 80)]
    [InlineData("BASE", "onnx-community/whisper-base", false, 80)]
    [InlineData("turbo", "onnx-community/whisper-large-v3-turbo", false, 128)]
    [InlineData("large-v3", "Xenova/whisper-large-v3", false, 128)]
    [InlineData("distil-large-v3", "distil-whisper/distil-large-v3", true, 128)]
    public void TryResolve_KnownNameOrAlias_MapsToItsRepository(string name, string repository, bool englishOnly, int melBins)
    {
        Assert.True(WhisperModelCatalog.TryResolve(name, out var model));
        Assert.Equal(repository, model.Repository);
        Assert.Equal(englishOnly, model.EnglishOnly);
        Assert.Equal(melBins, model.MelBins);
    }

    [Fact]
    public void TryResolve_RepositoryId_IsAcceptedWithAFolderSafeName()
    {
        Assert.True(WhisperModelCatalog.TryResolve("someone/whisper-small.en-finetuned", out var model));
        Assert.Equal("someone_whisper-small.en-finetuned", model.Name);
        Assert.Equal("someone/whisper-small.en-finetuned", model.Repository);
    }

    [Theory]
    [InlineData("huge")]
    [InlineData("../etc/passwd")]
    [InlineData("a/b/c")]
    public void TryResolve_NeitherNameNorRepository_IsRejected(string text) => Assert.False(WhisperModelCatalog.TryResolve(text, out _));

    [Theory]
    [InlineData("fp32", "onnx/encoder_model.onnx")]
    [InlineData("quantized", "onnx/encoder_model_quantized.onnx")]
    [InlineData("q8", "onnx/encoder_model_quantized.onnx")]
    [InlineData("int8", "onnx/encoder_model_int8.onnx")]
    public void Encoder_VariantName_HasTheExportsSuffix(string variantName, string path)
    {
        Assert.True(ModelVariantNames.TryParse(variantName, out var variant));
        Assert.Equal(path, ModelFileLayout.Encoder(variant));
    }
}
