namespace Eavesdrop.Server.Ingest;

/// <summary>
/// One item of a stream's audio channel: 16 kHz mono s16le PCM exactly as ffmpeg wrote it (whole
/// samples, normally <see cref="RtspClient.ChunkSize"/> bytes), tagged with the connection it came from.
/// </summary>
/// <param name="Pcm">The audio; empty for an end-of-connection marker. The client never reuses the memory.</param>
/// <param name="Epoch">The connection number, 1 for the first ffmpeg run; a new epoch means a new session.</param>
/// <param name="IsEndOfConnection">
/// True for the marker written after the last chunk of a connection that delivered audio: flush the
/// session's tail now rather than at the next reconnect.
/// </param>
internal readonly record struct AudioChunk(ReadOnlyMemory<byte> Pcm, int Epoch, bool IsEndOfConnection = false)
{
    public const int BytesPerSample = 2;

    public const int SampleRate = 16000;

    public int SampleCount => Pcm.Length / BytesPerSample;

    public TimeSpan Duration => TimeSpan.FromSeconds((double)SampleCount / SampleRate);

    public static AudioChunk EndOfConnection(int epoch) => new(ReadOnlyMemory<byte>.Empty, epoch, IsEndOfConnection: true);

    /// <summary>The PCM as float samples in [-1, 1), the form sessions take (<c>AppendAudioAsync(float[])</c>).</summary>
    public float[] ToSamples()
    {
        var samples = new float[SampleCount];
        CopyTo(samples);
        return samples;
    }

    /// <summary>Converts the PCM to float samples in [-1, 1) into <paramref name="destination"/>; returns the count.</summary>
    public int CopyTo(Span<float> destination)
    {
        var source = Pcm.Span;
        var count = SampleCount;
        if (destination.Length < count)
        {
            throw new ArgumentException($"Need room for {count} samples, got {destination.Length}.", nameof(destination));
        }

        for (var i = 0; i < count; i++)
        {
            destination[i] = System.Buffers.Binary.BinaryPrimitives.ReadInt16LittleEndian(source[(i * 2)..]) / 32768f;
        }

        return count;
    }
}
