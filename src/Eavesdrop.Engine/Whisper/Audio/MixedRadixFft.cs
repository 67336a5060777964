using System.Numerics;

namespace Eavesdrop.Engine.Whisper.Audio;

/// <summary>
/// A complex forward DFT of any length, computed by recursive mixed-radix decimation in time
/// (radices 4, 2, 3, 5, then any remaining prime) with precomputed twiddles: O(N·Σp) instead of O(N²).
/// Immutable and thread-safe; callers bring the buffers.
/// </summary>
internal sealed class MixedRadixFft
{
    private readonly Complex[] _twiddles;
    private readonly int[] _radix;
    private readonly int[] _remaining;

    // Decimation in time: output position k starts out holding input[_inputIndex[k]] (mixed-radix digit reversal).
    private readonly int[] _inputIndex;

    public MixedRadixFft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Length = length;
        _twiddles = new Complex[length];
        for (var i = 0; i < length; i++)
        {
            var phase = -2.0 * Math.PI * i / length;
            _twiddles[i] = new Complex(Math.Cos(phase), Math.Sin(phase));
        }

        var radix = new List<int>();
        var remaining = new List<int>();
        var n = length;
        var p = 4;
        while (n > 1)
        {
            while (n % p != 0)
            {
                p = p switch { 4 => 2, 2 => 3, _ => p + 2 };
                if (p * p > n)
                {
                    p = n;
                }
            }

            n /= p;
            radix.Add(p);
            remaining.Add(n);
        }

        _radix = [.. radix];
        _remaining = [.. remaining];
        MaxRadix = radix.Count == 0 ? 1 : radix.Max();
        _inputIndex = new int[length];
        if (_radix.Length > 0)
        {
            FillInputIndex(0, 0, 1, 0);
        }
    }

    public int Length { get; }

    private int MaxRadix { get; }

    /// <summary>output[k] = Σ input[n]·e^(−2πi·nk/N). <paramref name="input"/> and <paramref name="output"/> must not overlap.</summary>
    public void Forward(ReadOnlySpan<Complex> input, Span<Complex> output)
    {
        if (input.Length < Length || output.Length < Length)
        {
            throw new ArgumentException($"The FFT needs {Length} input and output values.");
        }

        if (Length == 1)
        {
            output[0] = input[0];
            return;
        }

        for (var k = 0; k < Length; k++)
        {
            output[k] = input[_inputIndex[k]];
        }

        // Combine sub-transforms bottom-up: at stage s, blocks of p·m values made of p transforms of length m.
        Span<Complex> scratch = stackalloc Complex[MaxRadix];
        for (var stage = _radix.Length - 1; stage >= 0; stage--)
        {
            var p = _radix[stage];
            var m = _remaining[stage];
            var block = p * m;
            var stride = Length / block;
            for (var offset = 0; offset < Length; offset += block)
            {
                Butterfly(output.Slice(offset, block), stride, m, p, scratch);
            }
        }
    }

    private void FillInputIndex(int outputOffset, int inputOffset, int inputStride, int stage)
    {
        var p = _radix[stage];
        var m = _remaining[stage];
        for (var q = 0; q < p; q++)
        {
            if (m == 1)
            {
                _inputIndex[outputOffset + q] = inputOffset + (q * inputStride);
            }
            else
            {
                FillInputIndex(outputOffset + (q * m), inputOffset + (q * inputStride), inputStride * p, stage + 1);
            }
        }
    }

    // Combines p interleaved sub-transforms of length m: twiddle multiply and a p-point DFT in one pass.
    private void Butterfly(Span<Complex> data, int stride, int m, int p, Span<Complex> scratch)
    {
        switch (p)
        {
            case 2:
                Radix2(data, stride, m);
                return;
            case 4:
                Radix4(data, stride, m);
                return;
            case 5:
                Radix5(data, stride, m);
                return;
            default:
                RadixGeneric(data, stride, m, p, scratch);
                return;
        }
    }

    private void Radix2(Span<Complex> data, int stride, int m)
    {
        var twiddles = _twiddles;
        for (var u = 0; u < m; u++)
        {
            var t = data[u + m] * twiddles[u * stride];
            data[u + m] = data[u] - t;
            data[u] += t;
        }
    }

    // X0 = t0 + t2, X2 = t0 − t2, X1 = t1 − i·t3, X3 = t1 + i·t3 with t0 = a0 + a2, t1 = a0 − a2, t2 = a1 + a3, t3 = a1 − a3.
    private void Radix4(Span<Complex> data, int stride, int m)
    {
        var twiddles = _twiddles;
        for (var u = 0; u < m; u++)
        {
            var a0 = data[u];
            var a1 = data[u + m] * twiddles[u * stride];
            var a2 = data[u + (2 * m)] * twiddles[2 * u * stride];
            var a3 = data[u + (3 * m)] * twiddles[3 * u * stride];
            var t0 = a0 + a2;
            var t1 = a0 - a2;
            var t2 = a1 + a3;
            var t3 = a1 - a3;
            var minusIT3 = new Complex(t3.Imaginary, -t3.Real);
            data[u] = t0 + t2;
            data[u + m] = t1 + minusIT3;
            data[u + (2 * m)] = t0 - t2;
            data[u + (3 * m)] = t1 - minusIT3;
        }
    }

    private static readonly double s_cos1 = Math.Cos(2 * Math.PI / 5);
    private static readonly double s_cos2 = Math.Cos(4 * Math.PI / 5);
    private static readonly double s_sin1 = Math.Sin(2 * Math.PI / 5);
    private static readonly double s_sin2 = Math.Sin(4 * Math.PI / 5);

    // With b1 = a1 + a4, b2 = a2 + a3, d1 = a1 − a4, d2 = a2 − a3 (c/s = cos/sin of 2π/5, 4π/5):
    // X1,4 = a0 + c1·b1 + c2·b2 ∓ i(s1·d1 + s2·d2), X2,3 = a0 + c2·b1 + c1·b2 ∓ i(s2·d1 − s1·d2).
    private void Radix5(Span<Complex> data, int stride, int m)
    {
        var twiddles = _twiddles;
        double c1 = s_cos1, c2 = s_cos2, s1 = s_sin1, s2 = s_sin2;
        for (var u = 0; u < m; u++)
        {
            var a0 = data[u];
            var a1 = data[u + m] * twiddles[u * stride];
            var a2 = data[u + (2 * m)] * twiddles[2 * u * stride];
            var a3 = data[u + (3 * m)] * twiddles[3 * u * stride];
            var a4 = data[u + (4 * m)] * twiddles[4 * u * stride];
            var b1 = a1 + a4;
            var b2 = a2 + a3;
            var d1 = a1 - a4;
            var d2 = a2 - a3;
            var e1 = new Complex(a0.Real + (c1 * b1.Real) + (c2 * b2.Real), a0.Imaginary + (c1 * b1.Imaginary) + (c2 * b2.Imaginary));
            var e2 = new Complex(a0.Real + (c2 * b1.Real) + (c1 * b2.Real), a0.Imaginary + (c2 * b1.Imaginary) + (c1 * b2.Imaginary));
            // −i·(x + iy) = y − ix
            var f1 = new Complex((s1 * d1.Imaginary) + (s2 * d2.Imaginary), -((s1 * d1.Real) + (s2 * d2.Real)));
            var f2 = new Complex((s2 * d1.Imaginary) - (s1 * d2.Imaginary), -((s2 * d1.Real) - (s1 * d2.Real)));
            data[u] = a0 + b1 + b2;
            data[u + m] = e1 + f1;
            data[u + (4 * m)] = e1 - f1;
            data[u + (2 * m)] = e2 + f2;
            data[u + (3 * m)] = e2 - f2;
        }
    }

    private void RadixGeneric(Span<Complex> data, int stride, int m, int p, Span<Complex> scratch)
    {
        var n = Length;
        var twiddles = _twiddles;
        for (var u = 0; u < m; u++)
        {
            for (var q = 0; q < p; q++)
            {
                scratch[q] = data[u + (q * m)];
            }

            for (var q1 = 0; q1 < p; q1++)
            {
                var k = u + (q1 * m);
                var step = stride * k;
                var twiddleIndex = 0;
                var sum = scratch[0];
                for (var q = 1; q < p; q++)
                {
                    twiddleIndex += step;
                    if (twiddleIndex >= n)
                    {
                        twiddleIndex -= n;
                    }

                    sum += scratch[q] * twiddles[twiddleIndex];
                }

                data[k] = sum;
            }
        }
    }
}
