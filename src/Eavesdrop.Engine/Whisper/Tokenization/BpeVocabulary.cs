using System.Text;
using Microsoft.ML.Tokenizers;

namespace Eavesdrop.Engine.Whisper.Tokenization;

/// <summary>
/// The ordinary (mergeable) tokens of a byte-level BPE: token id → its bytes. The id is also the merge rank,
/// as in tiktoken. Specials are not part of it.
/// </summary>
internal sealed class BpeVocabulary
{
    private readonly byte[]?[] _tokenBytes;

    private BpeVocabulary(byte[]?[] tokenBytes)
    {
        _tokenBytes = tokenBytes;
    }

    /// <summary>One past the highest ordinary token id.</summary>
    public int Count => _tokenBytes.Length;

    /// <summary>The bytes of ordinary token <paramref name="id"/>; empty for ids that are not ordinary tokens.</summary>
    public ReadOnlySpan<byte> Bytes(int id) =>
        (uint)id < (uint)_tokenBytes.Length ? _tokenBytes[id] : default;

    /// <summary>Parses a <c>.tiktoken</c> file: one "base64(token bytes) rank" per line.</summary>
    public static BpeVocabulary ReadTiktoken(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var entries = new List<(byte[] Bytes, int Rank)>(capacity: 51000);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || !int.TryParse(line.AsSpan(space + 1), out var rank) || rank < 0)
            {
                throw new InvalidDataException($"{name}:{lineNumber} is not a 'base64 rank' line.");
            }

            // multilingual.tiktoken ends with "= 50256": an empty token (Python's lenient b64decode gives b"")
            // that still takes a rank, so end of text is 50257 there.
            var base64 = line.AsSpan(0, space);
            entries.Add((base64.TrimStart('=').IsEmpty ? [] : Convert.FromBase64String(line[..space]), rank));
        }

        return FromEntries(entries, name);
    }

    /// <summary>
    /// Builds the vocabulary from a Hugging Face byte-level BPE vocabulary (GPT-2's byte→character mapping),
    /// leaving out the tokens in <paramref name="specialTokens"/>.
    /// </summary>
    public static BpeVocabulary FromByteLevelVocabulary(IEnumerable<KeyValuePair<string, int>> vocabulary, IReadOnlySet<string> specialTokens, string name)
    {
        var entries = new List<(byte[] Bytes, int Rank)>();
        foreach (var (token, id) in vocabulary)
        {
            if (specialTokens.Contains(token))
            {
                continue;
            }

            if (!ByteLevelAlphabet.TryDecode(token, out var bytes))
            {
                throw new InvalidDataException($"{name}: token '{token}' (id {id}) is not in byte-level BPE form.");
            }

            entries.Add((bytes, id));
        }

        return FromEntries(entries, name);
    }

    /// <summary>
    /// A Microsoft.ML.Tokenizers tiktoken encoder over these ranks with Whisper's pre-tokenisation and no
    /// special tokens (special-token text is encoded as ordinary text).
    /// </summary>
    public TiktokenTokenizer CreateEncoder()
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, Encoding.ASCII, leaveOpen: true))
        {
            for (var id = 0; id < _tokenBytes.Length; id++)
            {
                if (_tokenBytes[id] is { Length: > 0 } bytes)
                {
                    writer.Write(Convert.ToBase64String(bytes));
                    writer.Write(' ');
                    writer.Write(id);
                    writer.Write('\n');
                }
            }
        }

        stream.Position = 0;
        return TiktokenTokenizer.Create(stream, WhisperPreTokenizer.Instance, normalizer: null, specialTokens: null);
    }

    private static BpeVocabulary FromEntries(List<(byte[] Bytes, int Rank)> entries, string name)
    {
        if (entries.Count == 0)
        {
            throw new InvalidDataException($"{name} holds no tokens.");
        }

        var tokenBytes = new byte[]?[entries.Max(e => e.Rank) + 1];
        var singleBytes = 0;
        foreach (var (bytes, rank) in entries)
        {
            if (tokenBytes[rank] is not null)
            {
                throw new InvalidDataException($"{name}: rank {rank} appears twice.");
            }

            tokenBytes[rank] = bytes;
            singleBytes += bytes.Length == 1 ? 1 : 0;
        }

        if (singleBytes != 256)
        {
            throw new InvalidDataException($"{name}: a byte-level BPE needs all 256 single-byte tokens; it has {singleBytes}.");
        }

        return new BpeVocabulary(tokenBytes);
    }
}
