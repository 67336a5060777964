namespace Eavesdrop.Engine.Whisper.Decoding;

/// <summary>Numerically stable softmax helpers over one row of logits (which may hold -∞).</summary>
internal static class LogProbs
{
    public static void LogSoftmax(ReadOnlySpan<float> logits, Span<float> output)
    {
        float max = float.NegativeInfinity;
        foreach (var x in logits)
        {
            if (x > max)
            {
                max = x;
            }
        }

        double sum = 0;
        foreach (var x in logits)
        {
            sum += Math.Exp(x - max);
        }

        float logSum = max + (float)Math.Log(sum);
        for (int i = 0; i < logits.Length; i++)
        {
            output[i] = logits[i] - logSum;
        }
    }

    public static float LogSumExp(ReadOnlySpan<float> values)
    {
        float max = float.NegativeInfinity;
        foreach (var x in values)
        {
            if (x > max)
            {
                max = x;
            }
        }

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

    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
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
