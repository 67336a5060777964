using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Eavesdrop.Protocol;

/// <summary>
/// The segment id hash chain. An incomplete segment carries <see cref="BaselineId"/>; a completed
/// one <c>crc64(previous_completed_id + text)</c>, the previous id written in decimal and the text
/// trimmed, as UTF-8. The chain starts from <see cref="BaselineId"/> and restarts at every
/// recording epoch, cancel and RTSP reconnect (<see cref="Reset"/>).
/// Not thread-safe: one chain per session.
/// </summary>
public sealed class SegmentIdChain
{
    /// <summary><c>crc64("0")</c>: the id of incomplete segments and the chain's starting point.</summary>
    public const ulong BaselineId = 12269926345859042865;

    public SegmentIdChain()
    {
        LastCompletedId = BaselineId;
    }

    /// <summary>The id of the last completed segment, or <see cref="BaselineId"/> after a (re)start.</summary>
    public ulong LastCompletedId { get; private set; }

    /// <summary>Advances the chain with a completed segment's text and returns its id.</summary>
    public ulong Complete(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        LastCompletedId = NextId(LastCompletedId, text);
        return LastCompletedId;
    }

    /// <summary>Restarts the chain at <see cref="BaselineId"/>.</summary>
    public void Reset() => LastCompletedId = BaselineId;

    /// <summary>The id of a completed segment whose predecessor had <paramref name="previousCompletedId"/>.</summary>
    public static ulong NextId(ulong previousCompletedId, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.AsSpan().Trim();
        Span<char> digits = stackalloc char[20];
        previousCompletedId.TryFormat(digits, out var digitCount, provider: CultureInfo.InvariantCulture);

        var byteCount = digitCount + Encoding.UTF8.GetByteCount(trimmed);
        byte[]? rented = null;
        var buffer = byteCount <= 512 ? stackalloc byte[byteCount] : (rented = ArrayPool<byte>.Shared.Rent(byteCount)).AsSpan(0, byteCount);
        try
        {
            var written = Encoding.UTF8.GetBytes(digits[..digitCount], buffer);
            Encoding.UTF8.GetBytes(trimmed, buffer[written..]);
            return Crc64Ecma182(buffer);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>CRC-64/ECMA-182 (poly 0x42F0E1EBA9EA3693, init 0, not reflected, xorout 0).</summary>
    public static ulong Crc64Ecma182(ReadOnlySpan<byte> data) => Crc64.HashToUInt64(data);
}
