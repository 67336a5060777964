using System.Buffers.Binary;

namespace Eavesdrop.Tests.Common.Speech;

/// <summary>A recording of real speech (16 kHz mono 16-bit PCM, WAV or headerless raw) and what was said.</summary>
public sealed record SpeechClip(string Name, string Path, string Reference)
{
    public const int SampleRate = 16000;

    public override string ToString() => Name;

    /// <summary>The samples scaled to [-1, 1).</summary>
    public float[] LoadSamples()
    {
        var pcm = LoadPcm16();
        var samples = new float[pcm.Length];
        for (var i = 0; i < pcm.Length; i++)
        {
            samples[i] = pcm[i] / 32768f;
        }

        return samples;
    }

    /// <summary>The little-endian 16-bit samples.</summary>
    public short[] LoadPcm16()
    {
        var bytes = File.ReadAllBytes(Path);
        var data = Path.EndsWith(".raw", StringComparison.OrdinalIgnoreCase) ? bytes.AsSpan() : WavData(bytes);
        var pcm = new short[data.Length / 2];
        for (var i = 0; i < pcm.Length; i++)
        {
            pcm[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]);
        }

        return pcm;
    }

    private Span<byte> WavData(byte[] bytes)
    {
        if (bytes.Length < 12 || !bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !bytes.AsSpan(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException($"{Path} is not a RIFF/WAVE file.");
        }

        var formatChecked = false;
        for (var offset = 12; offset + 8 <= bytes.Length;)
        {
            var id = bytes.AsSpan(offset, 4);
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4));
            var body = offset + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                var format = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(body));
                var channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(body + 2));
                var rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(body + 4));
                var bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(body + 14));
                if (format != 1 || channels != 1 || rate != SampleRate || bits != 16)
                {
                    throw new InvalidDataException($"{Path}: format {format}, {channels} ch, {rate} Hz, {bits} bit; expected 16 kHz mono 16-bit PCM.");
                }

                formatChecked = true;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (!formatChecked)
                {
                    throw new InvalidDataException($"{Path}: data chunk before fmt chunk.");
                }

                return bytes.AsSpan(body, Math.Min(size, bytes.Length - body));
            }

            offset = body + size + (size & 1);
        }

        throw new InvalidDataException($"{Path} has no data chunk.");
    }
}
