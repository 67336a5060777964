namespace Eavesdrop.Engine.Whisper.Decoding;

/// <summary>One window to decode: its prompt (prefix) and how to sample.</summary>
internal sealed record WindowTask
{
    /// <summary>[<c>startofprev</c> prompt…] + SOT sequence; sampling starts after it.</summary>
    public required int[] Prefix { get; init; }

    /// <summary>Index of <c>startoftranscript</c> in <see cref="Prefix"/> (where no-speech is read).</summary>
    public required int SotIndex { get; init; }

    public required LogitFilter Filter { get; init; }

    public float Temperature { get; init; }

    /// <summary>1 = greedy (or sampling when <see cref="Temperature"/> &gt; 0).</summary>
    public int BeamSize { get; init; } = 1;

    /// <summary>Most tokens to sample.</summary>
    public required int SampleLength { get; init; }

    public Random? Random { get; init; }
}
