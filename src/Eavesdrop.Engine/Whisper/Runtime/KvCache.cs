namespace Eavesdrop.Engine.Whisper.Runtime;

/// <summary>
/// Keys and values of every decoder layer for a batch of sequences, in the exports' layout
/// [batch, heads, length, head_dim]: self-attention (grows one position per step) and
/// cross-attention (fixed, from the encoder output).
/// </summary>
internal sealed class KvCache
{
    public KvCache(int batch, int length, float[][] selfKey, float[][] selfValue, int crossLength, float[][] crossKey, float[][] crossValue, int[]? sourceOfRow = null)
    {
        SourceOfRow = sourceOfRow ?? [.. Enumerable.Range(0, batch)];
        Batch = batch;
        Length = length;
        SelfKey = selfKey;
        SelfValue = selfValue;
        CrossLength = crossLength;
        CrossKey = crossKey;
        CrossValue = crossValue;
    }

    public int Batch { get; }

    /// <summary>Positions already in the self-attention cache.</summary>
    public int Length { get; private set; }

    public float[][] SelfKey { get; private set; }

    public float[][] SelfValue { get; private set; }

    public int CrossLength { get; }

    public float[][] CrossKey { get; }

    public float[][] CrossValue { get; }

    public int Layers => SelfKey.Length;

    /// <summary>Which first-pass row (window) each row's cross-attention cache came from.</summary>
    public int[] SourceOfRow { get; }

    public void Advance(int length, float[][] selfKey, float[][] selfValue)
    {
        Length = length;
        SelfKey = selfKey;
        SelfValue = selfValue;
    }

    /// <summary>A cache whose row i is this cache's row <paramref name="rows"/>[i] (beam reordering, batch shrinking).</summary>
    public KvCache Select(ReadOnlySpan<int> rows)
    {
        var sources = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            sources[i] = SourceOfRow[rows[i]];
        }

        // Beam reordering keeps every row on its own window: the (large) cross-attention cache is then unchanged.
        bool sameCross = sources.AsSpan().SequenceEqual(SourceOfRow);
        return new KvCache(
            rows.Length,
            Length,
            SelectAll(SelfKey, Batch, rows),
            SelectAll(SelfValue, Batch, rows),
            CrossLength,
            sameCross ? CrossKey : SelectAll(CrossKey, Batch, rows),
            sameCross ? CrossValue : SelectAll(CrossValue, Batch, rows),
            sources);
    }

    private static float[][] SelectAll(float[][] layers, int batch, ReadOnlySpan<int> rows)
    {
        var result = new float[layers.Length][];
        for (int l = 0; l < layers.Length; l++)
        {
            result[l] = SelectRows(layers[l], batch, rows);
        }

        return result;
    }

    public static float[] SelectRows(float[] source, int batch, ReadOnlySpan<int> rows)
    {
        int rowSize = batch == 0 ? 0 : source.Length / batch;
        var target = new float[rows.Length * rowSize];
        for (int i = 0; i < rows.Length; i++)
        {
            source.AsSpan(rows[i] * rowSize, rowSize).CopyTo(target.AsSpan(i * rowSize, rowSize));
        }

        return target;
    }
}
