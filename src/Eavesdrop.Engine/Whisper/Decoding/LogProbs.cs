using System.Numerics.Tensors;

namespace Eavesdrop.Engine.Whisper.Decoding;

/// <summary>Numerically stable softmax helpers over one row of logits (which may hold -∞).</summary>
internal static class LogProbs
{
    public static void LogSoftmax(ReadOnlySpan<float> logits, Span<float> output)
    {
        float max = TensorPrimitives.Max(logits);
        if (float.IsNegativeInfinity(max))
        {
            output[..logits.Length].Fill(float.NegativeInfinity);
            return;
        }

        // output = exp(logits - max) as scratch, then logits - (max + log Σ)
        var scratch = output[..logits.Length];
        TensorPrimitives.Subtract(logits, max, scratch);
        TensorPrimitives.Exp(scratch, scratch);
        float logSum = max + MathF.Log(TensorPrimitives.Sum(scratch));
        TensorPrimitives.Subtract(logits, logSum, scratch);
    }

    public static float LogSumExp(ReadOnlySpan<float> values)
    {
        float max = TensorPrimitives.Max(values);
        if (float.IsNegativeInfinity(max))
        {
            return float.NegativeInfinity;
        }

        double sum = 0;
        foreach (var x in values)
        {
            sum += Math.Exp(x - max);
        }

        return max + (float)Math.Log(sum);
    }

    /// <summary>Index of the first largest value (torch.argmax picks the first too).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        float bestValue = values[0];
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > bestValue)
            {
                best = i;
                bestValue = values[i];
            }
        }

        return best;
    }

    /// <summary>Draws from softmax(logits / temperature).</summary>
    public static int Sample(ReadOnlySpan<float> logits, float temperature, Random random)
    {
        float max = float.NegativeInfinity;
        foreach (var x in logits)
        {
            if (x > max)
            {
                max = x;
            }
        }

        double total = 0;
        foreach (var x in logits)
        {
            total += Math.Exp((x - max) / temperature);
        }

        double target = random.NextDouble() * total;
        double acc = 0;
        int last = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            if (float.IsNegativeInfinity(logits[i]))
            {
                continue;
            }

            acc += Math.Exp((logits[i] - max) / temperature);
            last = i;
            if (acc >= target)
            {
                return i;
            }
        }

        return last;
    }
}
