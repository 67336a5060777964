using System.Text.Json;

namespace Eavesdrop.Engine.Whisper.Tokenization;

/// <summary>
/// The byte-level BPE vocabulary and added (special) tokens of a Hugging Face model directory:
/// <c>tokenizer.json</c>, or <c>vocab.json</c> with <c>added_tokens.json</c> / <c>tokenizer_config.json</c>.
/// </summary>
/// <remarks>
/// The ordinary tokens are used as tiktoken ranks (id = rank), which is exact for Whisper's files: their
/// merges were generated from the tiktoken ranks, so merge order is id order (one merge per token in the
/// original exports, every split of a token in later tiktoken conversions). Files whose merges are not in id
/// order are rejected rather than tokenised differently.
/// </remarks>
internal sealed class HuggingFaceTokenizerFiles
{
    private HuggingFaceTokenizerFiles(BpeVocabulary vocabulary, IReadOnlyDictionary<string, int> specialTokens)
    {
        Vocabulary = vocabulary;
        SpecialTokens = specialTokens;
    }

    public BpeVocabulary Vocabulary { get; }

    /// <summary>Added tokens ("&lt;|endoftext|&gt;", "&lt;|en|&gt;", …) and their ids.</summary>
    public IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <summary>Reads the directory's tokenizer files; null when it has none.</summary>
    public static HuggingFaceTokenizerFiles? TryLoad(string directory)
    {
        var tokenizerJson = Path.Combine(directory, "tokenizer.json");
        if (File.Exists(tokenizerJson))
        {
            return FromTokenizerJson(tokenizerJson);
        }

        var vocabJson = Path.Combine(directory, "vocab.json");
        if (File.Exists(vocabJson))
        {
            return FromVocabJson(directory, vocabJson);
        }

        return null;
    }

    private static HuggingFaceTokenizerFiles FromTokenizerJson(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var specials = new Dictionary<string, int>(StringComparer.Ordinal);
        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in added.EnumerateArray())
            {
                specials[token.GetProperty("content").GetString()!] = token.GetProperty("id").GetInt32();
            }
        }

        if (!root.TryGetProperty("model", out var model) || !model.TryGetProperty("vocab", out var vocab))
        {
            throw new InvalidDataException($"{path} has no model.vocab.");
        }

        if (model.TryGetProperty("type", out var type) && type.GetString() is { } typeName && typeName != "BPE")
        {
            throw new InvalidDataException($"{path} holds a {typeName} model; Whisper needs byte-level BPE.");
        }

        var vocabulary = ReadVocabulary(vocab);
        if (model.TryGetProperty("merges", out var merges))
        {
            CheckMergeOrder(merges.EnumerateArray().Select(MergeText), vocabulary, path);
        }

        return Create(vocabulary, specials, path);
    }

    private static HuggingFaceTokenizerFiles FromVocabJson(string directory, string vocabPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(vocabPath));
        var vocabulary = ReadVocabulary(document.RootElement);
        var specials = new Dictionary<string, int>(StringComparer.Ordinal);

        var addedTokens = Path.Combine(directory, "added_tokens.json");
        if (File.Exists(addedTokens))
        {
            using var added = JsonDocument.Parse(File.ReadAllBytes(addedTokens));
            foreach (var property in added.RootElement.EnumerateObject())
            {
                specials[property.Name] = property.Value.GetInt32();
            }
        }

        var config = Path.Combine(directory, "tokenizer_config.json");
        if (File.Exists(config))
        {
            using var configDocument = JsonDocument.Parse(File.ReadAllBytes(config));
            if (configDocument.RootElement.TryGetProperty("added_tokens_decoder", out var decoder))
            {
                foreach (var property in decoder.EnumerateObject())
                {
                    if (int.TryParse(property.Name, out var id) && property.Value.TryGetProperty("content", out var content))
                    {
                        specials.TryAdd(content.GetString()!, id);
                    }
                }
            }
        }

        var mergesPath = Path.Combine(directory, "merges.txt");
        if (File.Exists(mergesPath))
        {
            var merges = File.ReadLines(mergesPath).Where(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal));
            CheckMergeOrder(merges, vocabulary, mergesPath);
        }

        return Create(vocabulary, specials, vocabPath);
    }

    // Some files list "<|endoftext|>" and friends only in the vocabulary (GPT-2 style); they are specials too.
    private static HuggingFaceTokenizerFiles Create(Dictionary<string, int> vocabulary, Dictionary<string, int> specials, string path)
    {
        foreach (var name in WhisperSpecialTokens.InOrder(WhisperLanguages.Count).Append(WhisperSpecialTokens.NoCaptions))
        {
            if (vocabulary.TryGetValue(name, out var id))
            {
                specials.TryAdd(name, id);
            }
        }

        return new HuggingFaceTokenizerFiles(
            BpeVocabulary.FromByteLevelVocabulary(vocabulary, specials.Keys.ToHashSet(), path), specials);
    }

    private static Dictionary<string, int> ReadVocabulary(JsonElement vocab)
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var property in vocab.EnumerateObject())
        {
            vocabulary[property.Name] = property.Value.GetInt32();
        }

        return vocabulary;
    }

    // Merges are "a b" strings in older files and ["a", "b"] pairs in newer ones.
    private static string MergeText(JsonElement merge) => merge.ValueKind == JsonValueKind.Array
        ? $"{merge[0].GetString()} {merge[1].GetString()}"
        : merge.GetString()!;

    private static void CheckMergeOrder(IEnumerable<string> merges, Dictionary<string, int> vocabulary, string path)
    {
        var previous = -1;
        var index = 0;
        foreach (var merge in merges)
        {
            var space = merge.IndexOf(' ', StringComparison.Ordinal);
            var merged = space < 0 ? merge : string.Concat(merge.AsSpan(0, space), merge.AsSpan(space + 1));
            // Exports converted from tiktoken list every split of a token, so several merges may share an id.
            if (!vocabulary.TryGetValue(merged, out var id) || id < previous)
            {
                throw new InvalidDataException(
                    $"{path}: merge #{index} '{merge}' does not produce a vocabulary token with an id at or above the previous merge's; " +
                    "only byte-level BPE files whose token ids follow merge order (like Whisper's) are supported.");
            }

            previous = id;
            index++;
        }
    }
}
