namespace Eavesdrop.Engine.Whisper.Audio;

/// <summary>A float32 array read from a NumPy <c>.npy</c> file (row-major, C order).</summary>
internal sealed class NpyArray
{
    private NpyArray(int[] shape, float[] data)
    {
        Shape = shape;
        Data = data;
    }

    public IReadOnlyList<int> Shape { get; }

    public float[] Data { get; }

    /// <summary>
    /// Parses an <c>.npy</c> stream (format versions 1–3) holding little- or big-endian float32 or
    /// float64 data in C order; float64 is narrowed to float32.
    /// </summary>
    public static NpyArray Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, System.Text.Encoding.Latin1, leaveOpen: true);
        ReadOnlySpan<byte> magic = reader.ReadBytes(6);
        if (magic.Length != 6 || magic[0] != 0x93 || !magic[1..].SequenceEqual("NUMPY"u8))
        {
            throw new InvalidDataException($"'{name}' is not a .npy array (bad magic).");
        }

        var major = reader.ReadByte();
        _ = reader.ReadByte();
        var headerLength = major == 1 ? reader.ReadUInt16() : checked((int)reader.ReadUInt32());
        var header = System.Text.Encoding.Latin1.GetString(reader.ReadBytes(headerLength));

        var descr = HeaderValue(header, "descr", name).Trim().Trim('\'', '"');
        if (HeaderValue(header, "fortran_order", name).Trim() != "False")
        {
            throw new InvalidDataException($"'{name}' is stored in Fortran order, which is not supported.");
        }

        var shapeText = HeaderValue(header, "shape", name).Trim().TrimStart('(').TrimEnd(')');
        var shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse).ToArray();
        var count = shape.Aggregate(1, (a, b) => checked(a * b));

        var littleEndian = descr[0] is '<' or '|' or '=';
        var type = descr[1..];
        var itemSize = type switch
        {
            "f4" => 4,
            "f8" => 8,
            _ => throw new InvalidDataException($"'{name}' has dtype '{descr}'; only float32/float64 are supported."),
        };

        var bytes = reader.ReadBytes(checked(count * itemSize));
        if (bytes.Length != count * itemSize)
        {
            throw new InvalidDataException($"'{name}' is truncated: {bytes.Length} of {count * itemSize} data bytes.");
        }

        var data = new float[count];
        for (var i = 0; i < count; i++)
        {
            var item = bytes.AsSpan(i * itemSize, itemSize);
            data[i] = (itemSize, littleEndian) switch
            {
                (4, true) => System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(item),
                (4, false) => System.Buffers.Binary.BinaryPrimitives.ReadSingleBigEndian(item),
                (_, true) => (float)System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(item),
                _ => (float)System.Buffers.Binary.BinaryPrimitives.ReadDoubleBigEndian(item),
            };
        }

        return new NpyArray(shape, data);
    }

    // The header is a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (80, 201), }
    private static string HeaderValue(string header, string key, string name)
    {
        var keyIndex = header.IndexOf($"'{key}'", StringComparison.Ordinal);
        if (keyIndex < 0)
        {
            throw new InvalidDataException($"'{name}' has no '{key}' in its .npy header.");
        }

        var start = header.IndexOf(':', keyIndex) + 1;
        var end = start;
        var depth = 0;
        while (end < header.Length && (depth > 0 || (header[end] != ',' && header[end] != '}')))
        {
            depth += header[end] switch { '(' => 1, ')' => -1, _ => 0 };
            end++;
        }

        return header[start..end];
    }
}
