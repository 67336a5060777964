using System.Numerics;
using Eavesdrop.Engine.Whisper.Audio;

namespace Eavesdrop.Engine.Tests.Whisper.Audio;

public sealed class MixedRadixFftTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(97)]
    [InlineData(200)]
    [InlineData(400)]
    [InlineData(1000)]
    public void Forward_RandomInput_MatchesDirectDft(int length)
    {
        var random = new Random(length);
        var input = new Complex[length];
        for (var i = 0; i < length; i++)
        {
            input[i] = new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5);
        }

        var output = new Complex[length];
        new MixedRadixFft(length).Forward(input, output);

        var expected = DirectDft(input);
        for (var k = 0; k < length; k++)
        {
            Assert.True(Complex.Abs(output[k] - expected[k]) < 1e-9, $"bin {k}: {output[k]} vs {expected[k]}");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(400)]
    public void PowerSpectrum_RandomFrame_MatchesDirectDft(int length)
    {
        var random = new Random(length);
        var frame = new float[length];
        for (var i = 0; i < length; i++)
        {
            frame[i] = (float)(random.NextDouble() - 0.5);
        }

        var fft = new RealFft(length);
        var power = new float[(length / 2) + 1];
        fft.PowerSpectrum(frame, power, new Complex[fft.ScratchLength]);

        var expected = DirectDft(Array.ConvertAll(frame, x => new Complex(x, 0)));
        for (var k = 0; k < power.Length; k++)
        {
            var magnitude = Complex.Abs(expected[k]);
            Assert.Equal(magnitude * magnitude, power[k], 1e-4);
        }
    }

    private static Complex[] DirectDft(Complex[] input)
    {
        var n = input.Length;
        var output = new Complex[n];
        for (var k = 0; k < n; k++)
        {
            var sum = Complex.Zero;
            for (var t = 0; t < n; t++)
            {
                sum += input[t] * Complex.FromPolarCoordinates(1, -2 * Math.PI * ((long)t * k % n) / n);
            }

            output[k] = sum;
        }

        return output;
    }
}
