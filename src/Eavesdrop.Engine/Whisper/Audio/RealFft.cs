using System.Numerics;
using System.Runtime.InteropServices;

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
        var z = MemoryMarshal.Cast<Complex, double>(spectrum);
        var twiddles = MemoryMarshal.Cast<Complex, double>(_twiddles.AsSpan());
        for (var k = 0; k <= half; k++)
        {
            var i = k == half ? 0 : 2 * k;
            var j = k == 0 ? 0 : 2 * (half - k);
            double zr = z[i], zi = z[i + 1], mr = z[j], mi = -z[j + 1];
            var evenR = 0.5 * (zr + mr);
            var evenI = 0.5 * (zi + mi);
            var oddR = 0.5 * (zi - mi);
            var oddI = -0.5 * (zr - mr);
            double wr = twiddles[2 * k], wi = twiddles[(2 * k) + 1];
            var xr = evenR + ((wr * oddR) - (wi * oddI));
            var xi = evenI + ((wr * oddI) + (wi * oddR));
            power[k] = (float)((xr * xr) + (xi * xi));
        }
    }
}
