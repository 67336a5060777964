using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Whisper.Tokenization;

namespace Eavesdrop.Engine.Whisper.Runtime;

/// <summary>A loaded Whisper export: configuration, tokenizer, encoder and decoder sessions.</summary>
internal sealed class WhisperModel : IDisposable
{
    private WhisperModel(string directory, WhisperModelConfig config, WhisperModelFiles files, WhisperTokenizer tokenizer, WhisperEncoder encoder, WhisperDecoder decoder)
    {
        Directory = directory;
        Config = config;
        Files = files;
        Tokenizer = tokenizer;
        Encoder = encoder;
        Decoder = decoder;
    }

    public string Directory { get; }

    public WhisperModelConfig Config { get; }

    public WhisperModelFiles Files { get; }

    public WhisperTokenizer Tokenizer { get; }

    public WhisperEncoder Encoder { get; }

    public WhisperDecoder Decoder { get; }

    public static WhisperModel Load(string modelDirectory, WhisperModelVariant variant, int intraOpThreads)
    {
        var directory = Path.GetFullPath(modelDirectory);
        var files = WhisperModelFiles.Discover(directory, variant);
        var config = WhisperModelConfig.Load(directory);
        WhisperTokenizer tokenizer;
        try
        {
            tokenizer = WhisperTokenizer.FromModelDirectory(directory, config.IsMultilingual, config.IsMultilingual ? config.NumLanguages : 99);
        }
        catch (Exception ex) when (ex is not EngineException)
        {
            throw new EngineException($"Cannot load the tokenizer of the Whisper model in {directory}: {ex.Message}", ex);
        }

        if (tokenizer.TimestampBegin + 1501 != config.VocabSize)
        {
            throw new EngineException(
                $"Tokenizer and model disagree in {directory}: vocab_size {config.VocabSize}, but the tokenizer's last timestamp is {tokenizer.TimestampBegin + 1500}.");
        }

        using var options = OnnxSessionFactory.CreateOptions(intraOpThreads);
        var encoder = new WhisperEncoder(files.Encoder, options, config);
        try
        {
            var decoder = new WhisperDecoder(files, options, config);
            return new WhisperModel(directory, config, files, tokenizer, encoder, decoder);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Encoder.Dispose();
        Decoder.Dispose();
    }
}
