namespace Eavesdrop.Engine.Whisper.Tokenization;

internal static class Utf8Text
{
    /// <summary>
    /// How many bytes at the end of <paramref name="bytes"/> are the start of a well-formed character whose
    /// remaining bytes are still missing (0–3). Invalid sequences count as complete: they decode to U+FFFD
    /// whatever follows.
    /// </summary>
    public static int IncompleteTailLength(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // continuation byte: keep looking for the lead byte
            }

            var expected = b switch
            {
                >= 0xC2 and <= 0xDF => 2,
                >= 0xE0 and <= 0xEF => 3,
                >= 0xF0 and <= 0xF4 => 4,
                _ => 1,
            };
            return expected > back && IsValidPrefix(bytes[^back..]) ? back : 0;
        }

        return 0;
    }

    // Rejects prefixes that are already ill-formed (overlong, surrogate or out-of-range second bytes).
    private static bool IsValidPrefix(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length < 2)
        {
            return true;
        }

        var second = prefix[1];
        return prefix[0] switch
        {
            0xE0 => second >= 0xA0,
            0xED => second <= 0x9F,
            0xF0 => second >= 0x90,
            0xF4 => second <= 0x8F,
            _ => true,
        };
    }
}
