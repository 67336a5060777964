using System.Numerics;

namespace Eavesdrop.Engine.Whisper.Audio;

/// <summary>
/// Power spectrum of a real frame of even length N through one complex FFT of length N/2: the even and odd
/// samples are packed as real and imaginary parts and separated afterwards. Immutable and thread-safe.
/// </summary>
internal sealed class RealFft
{
    private readonly MixedRadixFft _half;
    private readonly Complex[] _twiddles;

    public RealFft(int length)
    {
        if (length < 2 || length % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "The real FFT needs an even length.");
        }

        Length = length;
        _half = new MixedRadixFft(length / 2);
        _twiddles = new Complex[(length / 2) + 1];
        for (var k = 0; k < _twiddles.Length; k++)
        {
            var phase = -2.0 * Math.PI * k / length;
            _twiddles[k] = new Complex(Math.Cos(phase), Math.Sin(phase));
        }
    }

    public int Length { get; }

    /// <summary>The complex scratch length <see cref="PowerSpectrum"/> needs: two buffers of N/2.</summary>
    public int ScratchLength => Length;

    /// <summary>power[k] = |Σ frame[n]·e^(−2πi·nk/N)|² for k = 0..N/2.</summary>
    public void PowerSpectrum(ReadOnlySpan<float> frame, Span<float> power, Span<Complex> scratch)
    {
        var half = Length / 2;
        var packed = scratch[..half];
        var spectrum = scratch.Slice(half, half);
        for (var n = 0; n < half; n++)
        {
            packed[n] = new Complex(frame[2 * n], frame[(2 * n) + 1]);
        }

        _half.Forward(packed, spectrum);

        // X[k] = E[k] + W^k·O[k], with E[k] = (Z[k] + conj Z[M−k]) / 2 and O[k] = (Z[k] − conj Z[M−k]) / 2i.
        for (var k = 0; k <= half; k++)
        {
            var z = spectrum[k == half ? 0 : k];
            var mirror = Complex.Conjugate(spectrum[k == 0 ? 0 : half - k]);
            var even = (z + mirror) * 0.5;
            var odd = (z - mirror) * new Complex(0, -0.5);
            var x = even + (_twiddles[k] * odd);
            power[k] = (float)((x.Real * x.Real) + (x.Imaginary * x.Imaginary));
        }
    }
}
