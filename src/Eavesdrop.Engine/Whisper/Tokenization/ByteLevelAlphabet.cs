namespace Eavesdrop.Engine.Whisper.Tokenization;

/// <summary>
/// GPT-2's reversible byte → printable character mapping used by Hugging Face byte-level BPE files
/// (<c>bytes_to_unicode</c>): printable Latin-1 bytes map to themselves, the other 68 to U+0100 onwards.
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] s_charOfByte = BuildCharOfByte();
    private static readonly Dictionary<char, byte> s_byteOfChar = BuildByteOfChar();

    public static char CharOf(byte value) => s_charOfByte[value];

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = s_charOfByte[bytes[i]];
        }

        return new string(chars);
    }

    public static bool TryDecode(string token, out byte[] bytes)
    {
        bytes = new byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            if (!s_byteOfChar.TryGetValue(token[i], out bytes[i]))
            {
                bytes = [];
                return false;
            }
        }

        return true;
    }

    private static char[] BuildCharOfByte()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }

        return map;
    }

    private static Dictionary<char, byte> BuildByteOfChar()
    {
        var map = new Dictionary<char, byte>(256);
        for (var b = 0; b < 256; b++)
        {
            map[s_charOfByte[b]] = (byte)b;
        }

        return map;
    }
}
