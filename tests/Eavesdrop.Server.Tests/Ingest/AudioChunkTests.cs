using Eavesdrop.Server.Ingest;

namespace Eavesdrop.Server.Tests.Ingest;

public sealed class AudioChunkTests
{
    [Fact]
    public void CopyTo_S16lePcm_ConvertsToFloatsInUnitRange()
    {
        byte[] pcm = [0x00, 0x00, 0xFF, 0x7F, 0x00, 0x80, 0x00, 0x40];
        var chunk = new AudioChunk(pcm, Epoch: 1);
        var samples = new float[4];

        var count = chunk.CopyTo(samples);

        Assert.Equal(4, count);
        Assert.Equal([0f, 32767f / 32768f, -1f, 0.5f], samples);
        Assert.Equal(TimeSpan.FromSeconds(4.0 / 16000), chunk.Duration);
    }

    [Fact]
    public void ToSamples_S16lePcm_ReturnsOneFloatPerSample()
    {
        byte[] pcm = [0x00, 0xC0, 0x01, 0x00];

        var samples = new AudioChunk(pcm, Epoch: 2).ToSamples();

        Assert.Equal([-0.5f, 1f / 32768f], samples);
    }

    [Fact]
    public void EndOfConnection_IsAnEmptyMarkerOfItsEpoch()
    {
        var marker = AudioChunk.EndOfConnection(3);

        Assert.True(marker.IsEndOfConnection);
        Assert.Equal(3, marker.Epoch);
        Assert.Equal(0, marker.SampleCount);
    }
}
