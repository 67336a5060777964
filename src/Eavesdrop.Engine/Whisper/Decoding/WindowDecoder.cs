using Eavesdrop.Engine.Whisper.Runtime;

namespace Eavesdrop.Engine.Whisper.Decoding;

/// <summary>
/// Decodes a batch of windows that share a prefix length and beam size: greedy / sampling, or
/// beam search (openai/whisper's BeamSearchDecoder with patience 1, ranked by mean log-prob).
/// One decoder call per step for the whole batch, using the key/value cache.
/// </summary>
internal sealed class WindowDecoder
{
    /// <summary>Receives, per step and row, the raw (unfiltered) logits the next token is chosen from.</summary>
    public delegate void StepObserver(int row, int step, ReadOnlySpan<float> logits);

    private readonly WhisperDecoder _decoder;
    private readonly int _endOfText;
    private readonly int _noSpeech;
    private readonly int _contextLength;
    private readonly Func<int[], string> _decodeText;
    private readonly bool _useKvCache;

    public WindowDecoder(WhisperDecoder decoder, int endOfText, int noSpeech, int contextLength, Func<int[], string> decodeText, bool useKvCache)
    {
        _decoder = decoder;
        _endOfText = endOfText;
        _noSpeech = noSpeech;
        _contextLength = contextLength;
        _decodeText = decodeText;
        _useKvCache = useKvCache;
    }

    /// <param name="tasks">Windows with equal prefix length and beam size.</param>
    /// <param name="encoderStates">Encoder output, one row per task, [tasks, encoderLength, d_model].</param>
    public WindowResult[] Decode(IReadOnlyList<WindowTask> tasks, float[] encoderStates, int encoderLength, StepObserver? observer = null, CancellationToken cancellationToken = default)
    {
        if (tasks.Count == 0)
        {
            return [];
        }

        int prefixLength = tasks[0].Prefix.Length;
        int beam = tasks[0].BeamSize;
        if (tasks.Any(t => t.Prefix.Length != prefixLength || t.BeamSize != beam))
        {
            throw new ArgumentException("Tasks of one batch must share prefix length and beam size.", nameof(tasks));
        }

        return beam > 1 || tasks.Any(t => t.Temperature == 0 && t.BeamSize > 1)
            ? DecodeBeam(tasks, encoderStates, encoderLength, beam, observer, cancellationToken)
            : DecodeGreedy(tasks, encoderStates, encoderLength, observer, cancellationToken);
    }

    internal WindowResult[] DecodeGreedy(IReadOnlyList<WindowTask> tasks, float[] encoderStates, int encoderLength, StepObserver? observer, CancellationToken cancellationToken = default)
    {
        int batch = tasks.Count;
        int vocab = _decoder.VocabSize;
        int prefixLength = tasks[0].Prefix.Length;
        var sequences = new List<int>[batch];
        for (int b = 0; b < batch; b++)
        {
            sequences[b] = [.. tasks[b].Prefix];
        }

        var stepper = new Stepper(this, encoderStates, encoderLength, batch);
        var logits = stepper.First(sequences, prefixLength);
        var noSpeech = NoSpeechProbabilities(tasks, logits, prefixLength);

        var sampled = new List<int>[batch];
        var sumLogProb = new double[batch];
        var completed = new bool[batch];
        var row = new float[vocab];
        var logprobs = new float[vocab];
        var next = new int[batch];
        int sampleLength = SampleLength(tasks[0], prefixLength);
        for (int b = 0; b < batch; b++)
        {
            sampled[b] = [];
        }

        for (int step = 0; step < sampleLength; step++)
        {
            for (int b = 0; b < batch; b++)
            {
                logits.AsSpan((b * stepper.RowsPerBatch + stepper.RowsPerBatch - 1) * vocab, vocab).CopyTo(row);
                observer?.Invoke(b, step, row);
                var task = tasks[b];
                task.Filter.Apply(row, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sampled[b]));
                if (completed[b])
                {
                    next[b] = _endOfText;
                    continue;
                }

                int token = task.Temperature > 0
                    ? LogProbs.Sample(row, task.Temperature, task.Random ?? Random.Shared)
                    : LogProbs.ArgMax(row);
                LogProbs.LogSoftmax(row, logprobs);
                sumLogProb[b] += logprobs[token];
                next[b] = token;
                if (token == _endOfText)
                {
                    completed[b] = true;
                }
                else
                {
                    sampled[b].Add(token);
                }
            }

            if (completed.All(c => c) || prefixLength + step + 1 >= _contextLength || step + 1 == sampleLength)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            for (int b = 0; b < batch; b++)
            {
                sequences[b].Add(next[b]);
            }

            logits = stepper.Next(sequences, next);
        }

        var results = new WindowResult[batch];
        for (int b = 0; b < batch; b++)
        {
            results[b] = MakeResult([.. sampled[b]], sumLogProb[b], noSpeech[b], tasks[b].Temperature);
        }

        return results;
    }

    internal WindowResult[] DecodeBeam(IReadOnlyList<WindowTask> tasks, float[] encoderStates, int encoderLength, int beam, StepObserver? observer, CancellationToken cancellationToken = default)
    {
        int audios = tasks.Count;
        int vocab = _decoder.VocabSize;
        int prefixLength = tasks[0].Prefix.Length;
        int rows = audios * beam;

        // First pass on one row per window, then every window's cache is repeated beam times.
        var firstSequences = new List<int>[audios];
        for (int i = 0; i < audios; i++)
        {
            firstSequences[i] = [.. tasks[i].Prefix];
        }

        var stepper = new Stepper(this, encoderStates, encoderLength, audios);
        var firstLogits = stepper.First(firstSequences, prefixLength);
        var noSpeech = NoSpeechProbabilities(tasks, firstLogits, prefixLength);
        var expand = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            expand[r] = r / beam;
        }

        stepper.Select(expand);
        var lastLogits = new float[rows * vocab];
        for (int r = 0; r < rows; r++)
        {
            firstLogits.AsSpan(((r / beam) * prefixLength + prefixLength - 1) * vocab, vocab).CopyTo(lastLogits.AsSpan(r * vocab, vocab));
        }

        var sequences = new List<int>[rows];
        var sampled = new List<int>[rows];
        var sumLogProb = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            sequences[r] = [.. tasks[r / beam].Prefix];
            sampled[r] = [];
        }

        var finished = new List<(int[] Tokens, double Score)>[audios];
        for (int i = 0; i < audios; i++)
        {
            finished[i] = [];
        }

        var logprobs = new float[rows][];
        var rowLogits = new float[vocab];
        int sampleLength = SampleLength(tasks[0], prefixLength);
        for (int step = 0; step < sampleLength; step++)
        {
            for (int r = 0; r < rows; r++)
            {
                lastLogits.AsSpan(r * vocab, vocab).CopyTo(rowLogits);
                observer?.Invoke(r, step, rowLogits);
                tasks[r / beam].Filter.Apply(rowLogits, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sampled[r]));
                logprobs[r] ??= new float[vocab];
                LogProbs.LogSoftmax(rowLogits, logprobs[r]);
            }

            var nextSampled = new List<int>[rows];
            var nextSum = new double[rows];
            var sources = new int[rows];
            var nextTokens = new int[rows];
            int filled = 0;
            var newlyFinished = new List<(int[] Tokens, double Score)>[audios];
            for (int i = 0; i < audios; i++)
            {
                // Candidates keyed by their token sequence, as whisper's dict (duplicates from identical beams collapse).
                var candidates = new Dictionary<string, (double Score, int Source, int Token, int Order)>();
                int order = 0;
                for (int j = 0; j < beam; j++)
                {
                    int idx = i * beam + j;
                    foreach (var token in TopK(logprobs[idx], beam + 1))
                    {
                        var key = string.Join(',', sampled[idx]) + "|" + token;
                        double score = sumLogProb[idx] + logprobs[idx][token];
                        candidates[key] = candidates.TryGetValue(key, out var old)
                            ? (score, idx, token, old.Order)
                            : (score, idx, token, order++);
                    }
                }

                newlyFinished[i] = [];
                int saved = 0;
                foreach (var c in candidates.Values.OrderByDescending(c => c.Score).ThenBy(c => c.Order))
                {
                    if (c.Token == _endOfText)
                    {
                        newlyFinished[i].Add(([.. sampled[c.Source]], c.Score));
                    }
                    else
                    {
                        nextSampled[filled] = [.. sampled[c.Source], c.Token];
                        nextSum[filled] = c.Score;
                        sources[filled] = c.Source;
                        nextTokens[filled] = c.Token;
                        filled++;
                        if (++saved == beam)
                        {
                            break;
                        }
                    }
                }
            }

            sampled = nextSampled;
            sumLogProb = nextSum;
            for (int i = 0; i < audios; i++)
            {
                foreach (var f in newlyFinished[i].OrderByDescending(f => f.Score))
                {
                    if (finished[i].Count >= beam)
                    {
                        break;
                    }

                    finished[i].Add(f);
                }
            }

            bool done = finished.All(f => f.Count >= beam);
            if (done || prefixLength + step + 1 >= _contextLength || step + 1 == sampleLength)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var newSequences = new List<int>[rows];
            for (int r = 0; r < rows; r++)
            {
                newSequences[r] = [.. sequences[sources[r]], nextTokens[r]];
            }

            sequences = newSequences;
            stepper.Select(sources);
            lastLogits = stepper.Next(sequences, nextTokens);
        }

        var results = new WindowResult[audios];
        for (int i = 0; i < audios; i++)
        {
            if (finished[i].Count < beam)
            {
                foreach (var r in Enumerable.Range(i * beam, beam).OrderByDescending(r => sumLogProb[r]))
                {
                    finished[i].Add(([.. sampled[r]], sumLogProb[r]));
                    if (finished[i].Count >= beam)
                    {
                        break;
                    }
                }
            }

            var best = finished[i].OrderByDescending(f => f.Score / Math.Max(1, f.Tokens.Length)).First();
            results[i] = MakeResult(best.Tokens, best.Score, noSpeech[i], tasks[i].Temperature);
        }

        return results;
    }

    private int SampleLength(WindowTask task, int prefixLength)
        => Math.Max(1, Math.Min(task.SampleLength, _contextLength - prefixLength));

    private double[] NoSpeechProbabilities(IReadOnlyList<WindowTask> tasks, float[] prefixLogits, int prefixLength)
    {
        int vocab = _decoder.VocabSize;
        var result = new double[tasks.Count];
        var logprobs = new float[vocab];
        for (int b = 0; b < tasks.Count; b++)
        {
            LogProbs.LogSoftmax(prefixLogits.AsSpan((b * prefixLength + tasks[b].SotIndex) * vocab, vocab), logprobs);
            result[b] = Math.Exp(logprobs[_noSpeech]);
        }

        return result;
    }

    private WindowResult MakeResult(int[] tokens, double sumLogProb, double noSpeech, float temperature)
    {
        var text = _decodeText([.. tokens.Where(t => t < _endOfText)]);
        return new WindowResult
        {
            Tokens = tokens,
            Text = text,
            SumLogProb = sumLogProb,
            NoSpeechProb = noSpeech,
            CompressionRatio = CompressionRatio.Of(text),
            Temperature = temperature,
        };
    }

    private static int[] TopK(float[] values, int k)
    {
        var best = new List<int>(k + 1);
        for (int i = 0; i < values.Length; i++)
        {
            if (best.Count == k && values[i] <= values[best[^1]])
            {
                continue;
            }

            int pos = best.Count;
            while (pos > 0 && values[i] > values[best[pos - 1]])
            {
                pos--;
            }

            best.Insert(pos, i);
            if (best.Count > k)
            {
                best.RemoveAt(k);
            }
        }

        return [.. best];
    }

    /// <summary>Produces next-token logits, with the key/value cache or (for verification) by re-running the whole sequence.</summary>
    private sealed class Stepper
    {
        private readonly WindowDecoder _owner;
        private float[] _encoderStates;
        private readonly int _encoderLength;
        private int _batch;
        private KvCache? _cache;

        public Stepper(WindowDecoder owner, float[] encoderStates, int encoderLength, int batch)
        {
            _owner = owner;
            _encoderStates = encoderStates;
            _encoderLength = encoderLength;
            _batch = batch;
        }

        /// <summary>Rows of logits per batch entry in the last returned array (prefix length after First, 1 after Next).</summary>
        public int RowsPerBatch { get; private set; }

        public float[] First(List<int>[] sequences, int length)
        {
            var ids = Flatten(sequences, length);
            RowsPerBatch = length;
            if (_owner._useKvCache)
            {
                var logits = _owner._decoder.Prefill(ids, _batch, length, _encoderStates, _encoderLength, out var cache);
                _cache = cache;
                return logits;
            }

            return _owner._decoder.Forward(ids, _batch, length, _encoderStates, _encoderLength);
        }

        public void Select(int[] rows)
        {
            if (_cache is not null)
            {
                _cache = _cache.Select(rows);
            }
            else
            {
                _encoderStates = KvCache.SelectRows(_encoderStates, _batch, rows);
            }

            _batch = rows.Length;
        }

        /// <returns>Logits [batch, vocab] for the last position of each sequence.</returns>
        public float[] Next(List<int>[] sequences, int[] lastTokens)
        {
            int vocab = _owner._decoder.VocabSize;
            RowsPerBatch = 1;
            if (_cache is not null)
            {
                var ids = new long[lastTokens.Length];
                for (int i = 0; i < ids.Length; i++)
                {
                    ids[i] = lastTokens[i];
                }

                return _owner._decoder.Step(ids, 1, _cache);
            }

            int length = sequences[0].Count;
            var all = _owner._decoder.Forward(Flatten(sequences, length), _batch, length, _encoderStates, _encoderLength);
            var last = new float[_batch * vocab];
            for (int b = 0; b < _batch; b++)
            {
                all.AsSpan(((b * length) + length - 1) * vocab, vocab).CopyTo(last.AsSpan(b * vocab, vocab));
            }

            return last;
        }

        private static long[] Flatten(List<int>[] sequences, int length)
        {
            var ids = new long[sequences.Length * length];
            for (int b = 0; b < sequences.Length; b++)
            {
                for (int t = 0; t < length; t++)
                {
                    ids[b * length + t] = sequences[b][t];
                }
            }

            return ids;
        }
    }
}
