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

        Span<Complex> scratch = stackalloc Complex[MaxRadix];
        Work(output, input, 1, 0, scratch);
    }

    private void Work(Span<Complex> output, ReadOnlySpan<Complex> input, int inputStride, int stage, Span<Complex> scratch)
    {
        var p = _radix[stage];
        var m = _remaining[stage];
        if (m == 1)
        {
            for (var q = 0; q < p; q++)
            {
                output[q] = input[q * inputStride];
            }
        }
        else
        {
            for (var q = 0; q < p; q++)
            {
                Work(output.Slice(q * m, m), input[(q * inputStride)..], inputStride * p, stage + 1, scratch);
            }
        }

        Butterfly(output[..(p * m)], inputStride, m, p, scratch);
    }

    // Combines p interleaved sub-transforms of length m: twiddle multiply and a p-point DFT in one pass.
    private void Butterfly(Span<Complex> data, int stride, int m, int p, Span<Complex> scratch)
    {
        var n = Length;
        var twiddles = _twiddles;
        if (p == 2)
        {
            for (var u = 0; u < m; u++)
            {
                var t = data[u + m] * twiddles[u * stride];
                data[u + m] = data[u] - t;
                data[u] += t;
            }

            return;
        }

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
