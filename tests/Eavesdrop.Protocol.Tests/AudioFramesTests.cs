namespace Eavesdrop.Protocol.Tests;

public class AudioFramesTests
{
    [Fact]
    public void EndOfAudio_IsTheTwelveAsciiBytes()
    {
        Assert.Equal("END_OF_AUDIO"u8.ToArray(), AudioFrames.EndOfAudio.ToArray());
        Assert.Equal(12, AudioFrames.EndOfAudio.Length);
    }

    [Fact]
    public void IsEndOfAudio_OnlyTheExactMarker_IsTrue()
    {
        Assert.True(AudioFrames.IsEndOfAudio("END_OF_AUDIO"u8));
        Assert.False(AudioFrames.IsEndOfAudio("END_OF_AUDIO\n"u8));
        Assert.False(AudioFrames.IsEndOfAudio("end_of_audio"u8));
        Assert.False(AudioFrames.IsEndOfAudio([]));
    }

    [Fact]
    public void EncodeSamples_WritesFloat32LittleEndian()
    {
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xBF }, AudioFrames.EncodeSamples([1.0f, -0.5f]));
    }

    [Fact]
    public void TryReadSamples_EncodedFrame_RoundTrips()
    {
        float[] samples = [0f, 0.25f, -1f, 1e-7f, float.Epsilon];
        var frame = AudioFrames.EncodeSamples(samples);
        var decoded = new float[samples.Length];

        Assert.True(AudioFrames.TryReadSamples(frame, decoded, out var count));
        Assert.Equal(samples.Length, count);
        Assert.Equal(samples, decoded);
    }

    [Fact]
    public void TryReadSamples_LengthNotMultipleOfFour_IsFalse()
    {
        Assert.False(AudioFrames.TryReadSamples(new byte[6], new float[2], out var count));
        Assert.Equal(0, count);
    }
}
