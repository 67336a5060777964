using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Eavesdrop.Protocol;

/// <summary>Binary frames: float32 little-endian mono samples, and the <c>END_OF_AUDIO</c> marker.</summary>
public static class AudioFrames
{
    /// <summary>The 12 ASCII bytes <c>END_OF_AUDIO</c> that end a client's audio.</summary>
    public static ReadOnlySpan<byte> EndOfAudio => "END_OF_AUDIO"u8;

    public const int BytesPerSample = sizeof(float);

    /// <summary>True when the binary frame is exactly the <c>END_OF_AUDIO</c> marker.</summary>
    public static bool IsEndOfAudio(ReadOnlySpan<byte> frame) => frame.SequenceEqual(EndOfAudio);

    /// <summary>Writes <paramref name="samples"/> as float32 little-endian into <paramref name="destination"/>.</summary>
    /// <returns>The number of bytes written (4 per sample).</returns>
    public static int WriteSamples(ReadOnlySpan<float> samples, Span<byte> destination)
    {
        var byteCount = samples.Length * BytesPerSample;
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, byteCount, nameof(destination));
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(samples).CopyTo(destination);
        }
        else
        {
            for (var i = 0; i < samples.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(destination[(i * BytesPerSample)..], samples[i]);
            }
        }

        return byteCount;
    }

    /// <summary>Encodes <paramref name="samples"/> as a new float32 little-endian frame.</summary>
    public static byte[] EncodeSamples(ReadOnlySpan<float> samples)
    {
        var frame = new byte[samples.Length * BytesPerSample];
        WriteSamples(samples, frame);
        return frame;
    }

    /// <summary>
    /// Reads the float32 little-endian samples of <paramref name="frame"/> into <paramref name="destination"/>.
    /// False when the frame length is not a multiple of 4 or <paramref name="destination"/> is too small.
    /// </summary>
    public static bool TryReadSamples(ReadOnlySpan<byte> frame, Span<float> destination, out int samplesRead)
    {
        samplesRead = 0;
        if (frame.Length % BytesPerSample != 0 || destination.Length < frame.Length / BytesPerSample)
        {
            return false;
        }

        samplesRead = frame.Length / BytesPerSample;
        if (BitConverter.IsLittleEndian)
        {
            frame.CopyTo(MemoryMarshal.AsBytes(destination));
        }
        else
        {
            for (var i = 0; i < samplesRead; i++)
            {
                destination[i] = BinaryPrimitives.ReadSingleLittleEndian(frame[(i * BytesPerSample)..]);
            }
        }

        return true;
    }
}
