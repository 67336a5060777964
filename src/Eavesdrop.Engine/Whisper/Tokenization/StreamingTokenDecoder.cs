using System.Text;

namespace Eavesdrop.Engine.Whisper.Tokenization;

/// <summary>
/// Turns tokens into text as they arrive. A character whose UTF-8 bytes are split across tokens is held back
/// until its last byte arrives, so no prefix of a token stream is decoded into U+FFFD by accident; bytes that
/// can never form a character (invalid UTF-8) become U+FFFD as in <see cref="WhisperTokenizer.Decode"/>.
/// One per stream; not thread-safe. Special tokens (ids ≥ end of text) produce no text.
/// </summary>
internal sealed class StreamingTokenDecoder
{
    private readonly WhisperTokenizer _tokenizer;
    private byte[] _pending = new byte[64];
    private int _pendingLength;

    public StreamingTokenDecoder(WhisperTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _tokenizer = tokenizer;
    }

    /// <summary>True while bytes of an incomplete character are held back.</summary>
    public bool HasPendingBytes => _pendingLength > 0;

    /// <summary>Adds one token and returns the text it completes (possibly empty).</summary>
    public string Append(int tokenId) => Append([tokenId]);

    /// <summary>Adds tokens and returns the text they complete (possibly empty).</summary>
    public string Append(ReadOnlySpan<int> tokenIds)
    {
        foreach (var id in tokenIds)
        {
            var bytes = _tokenizer.TokenBytes(id);
            if (_pendingLength + bytes.Length > _pending.Length)
            {
                Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingLength + bytes.Length));
            }

            bytes.CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += bytes.Length;
        }

        var buffered = _pending.AsSpan(0, _pendingLength);
        var complete = buffered.Length - Utf8Text.IncompleteTailLength(buffered);
        var text = Encoding.UTF8.GetString(buffered[..complete]);
        buffered[complete..].CopyTo(_pending);
        _pendingLength -= complete;
        return text;
    }

    /// <summary>Ends the stream: returns held-back bytes as U+FFFD (if any) and resets the decoder.</summary>
    public string Flush()
    {
        var text = Encoding.UTF8.GetString(_pending, 0, _pendingLength);
        _pendingLength = 0;
        return text;
    }
}
