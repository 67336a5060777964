using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Engine.Whisper.Audio;
using Eavesdrop.Engine.Whisper.Decoding;
using Eavesdrop.Engine.Whisper.Runtime;
using Eavesdrop.Engine.Whisper.Tokenization;

namespace Eavesdrop.Engine.Whisper;

/// <summary>
/// Whisper on ONNX Runtime: one loaded export shared by every session. A <see cref="Transcribe"/>
/// batch goes through the encoder together and through the decoder together where the windows'
/// prompts have the same length. Thread-safe: calls share only the immutable model.
/// </summary>
internal sealed class WhisperEngine : ISpeechEngine
{
    public const string EngineName = "whisper-onnx";

    private const int EncoderFrames = LogMelSpectrogram.FramesPer30Seconds;
    private const int ShortWindowStep = 100;

    private readonly WhisperModel _model;
    private readonly WhisperEngineOptions _options;
    private readonly LogMelSpectrogram _mel;
    private readonly WindowDecoder _windowDecoder;
    private readonly LogitFilter _timestampFilter;
    private readonly LogitFilter _noTimestampFilter;
    private readonly int[] _languageTokens;
    private readonly bool _shortWindows;

    private WhisperEngine(WhisperModel model, WhisperEngineOptions options)
    {
        _model = model;
        _options = options;
        var tokenizer = model.Tokenizer;
        _mel = new LogMelSpectrogram(model.Config.NumMelBins);
        _shortWindows = options.ShortWindows && EncoderAcceptsShortWindows(model);
        _windowDecoder = new WindowDecoder(
            model.Decoder, tokenizer.EndOfText, tokenizer.NoSpeech, model.Config.MaxTargetPositions, t => tokenizer.Decode(t), options.UseKvCache);

        int[] blank = [.. tokenizer.Encode(" "), tokenizer.EndOfText];
        int[] suppress = [.. model.Config.SuppressTokens
            .Concat(tokenizer.NonSpeechTokens)
            .Concat([tokenizer.Transcribe, tokenizer.Translate, tokenizer.StartOfTranscript, tokenizer.StartOfPrev, tokenizer.StartOfLm, tokenizer.NoSpeech])
            .Where(t => t >= 0 && t < model.Config.VocabSize)
            .Distinct()
            .Order()];
        var rules = new TimestampRules(tokenizer.EndOfText, tokenizer.NoTimestamps, tokenizer.TimestampBegin, model.Config.MaxInitialTimestampIndex);
        _timestampFilter = new LogitFilter(blank, suppress, rules, tokenizer.TimestampBegin);
        _noTimestampFilter = new LogitFilter(blank, suppress, null, tokenizer.TimestampBegin);
        _languageTokens = tokenizer.IsMultilingual ? [.. tokenizer.LanguageCodes.Select(tokenizer.LanguageToken)] : [];

        ModelName = options.ModelName ?? Path.GetFileName(model.Directory.TrimEnd(Path.DirectorySeparatorChar));
        Capabilities = new EngineCapabilities
        {
            Languages = tokenizer.IsMultilingual ? tokenizer.LanguageCodes : ["en"],
            CanDetectLanguage = tokenizer.IsMultilingual,
            CanTranslate = tokenizer.IsMultilingual,
            SupportsWordTimestamps = false,
            SupportsInitialPrompt = true,
            SupportsHotwords = true,
            SupportsBeamSearch = true,
            MaxBatchSize = options.MaxBatchSize,
            MaxWindowSeconds = 30,
        };
    }

    public string Name => EngineName;

    public string ModelName { get; }

    public EngineCapabilities Capabilities { get; }

    internal WhisperModel Model => _model;

    internal WindowDecoder WindowDecoder => _windowDecoder;

    internal LogitFilter TimestampFilter => _timestampFilter;

    internal LogitFilter NoTimestampFilter => _noTimestampFilter;

    internal LogMelSpectrogram MelSpectrogram => _mel;

    /// <summary>Loads the export in <paramref name="modelDirectory"/> (the onnx-community/whisper-* layout).</summary>
    /// <exception cref="EngineException">A file is missing, truncated or not a Whisper export; the message names it.</exception>
    public static WhisperEngine Load(string modelDirectory, WhisperEngineOptions? options = null)
    {
        options ??= WhisperEngineOptions.Default;
        if (options.MaxBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxBatchSize must be at least 1.");
        }

        return new WhisperEngine(WhisperModel.Load(modelDirectory, options.Variant, options.IntraOpThreads), options);
    }

    public IReadOnlyList<TranscriptionResult> Transcribe(IReadOnlyList<TranscriptionRequest> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var request in batch)
        {
            Validate(request.Options);
        }

        var states = batch.Select(CreateState).ToList();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var active = states.Where(s => !s.Done).ToList();
            if (active.Count == 0)
            {
                break;
            }

            foreach (var chunk in active.Chunk(_options.MaxBatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                TranscribeWindows(chunk, cancellationToken);
            }
        }

        return [.. states.Select(s => new TranscriptionResult
        {
            Segments = s.Segments,
            Language = s.Language,
            LanguageProbability = s.LanguageProbability,
        })];
    }

    public ValueTask DisposeAsync()
    {
        _model.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Log-mel windows [rows, mels, 3000] of each state at its current seek (zero-padded like whisper's pad_or_trim).</summary>
    internal float[] WindowMel(IReadOnlyList<WindowState> states, int encoderFrames)
    {
        int mels = _mel.MelBins;
        var mel = new float[states.Count * mels * encoderFrames];
        for (int i = 0; i < states.Count; i++)
        {
            var s = states[i];
            int frames = s.SegmentFrames;
            for (int m = 0; m < mels; m++)
            {
                s.Mel.AsSpan(m * s.ContentFrames + s.Seek, frames).CopyTo(mel.AsSpan((i * mels + m) * encoderFrames, frames));
            }
        }

        return mel;
    }

    /// <summary>True when the export takes windows shorter than 30 s and <see cref="WhisperEngineOptions.ShortWindows"/> asked for them.</summary>
    internal bool UsesShortWindows => _shortWindows;

    /// <summary>Encoder frames for a batch of windows: 3000, or with short windows the longest window rounded up to 1 s.</summary>
    internal int EncoderFramesFor(IReadOnlyList<WindowState> states)
    {
        if (!_shortWindows)
        {
            return EncoderFrames;
        }

        int longest = states.Max(s => s.SegmentFrames);
        return Math.Clamp((longest + ShortWindowStep - 1) / ShortWindowStep * ShortWindowStep, ShortWindowStep, EncoderFrames);
    }

    internal float[] Encode(IReadOnlyList<WindowState> states, int encoderFrames)
        => _model.Encoder.Encode(WindowMel(states, encoderFrames), states.Count, encoderFrames);

    private static bool EncoderAcceptsShortWindows(WhisperModel model)
    {
        try
        {
            model.Encoder.Encode(new float[model.Config.NumMelBins * ShortWindowStep], 1, ShortWindowStep);
            return true;
        }
        catch (EngineException)
        {
            return false;
        }
    }

    private void TranscribeWindows(WindowState[] chunk, CancellationToken cancellationToken)
    {
        int encoderFrames = EncoderFramesFor(chunk);
        int encoderLength = (encoderFrames + 1) / 2;
        var encoded = Encode(chunk, encoderFrames);
        DetectLanguages(chunk, encoded, encoderLength);
        var results = DecodeWithFallback(chunk, encoded, encoderLength, cancellationToken);
        for (int i = 0; i < chunk.Length; i++)
        {
            AddSegments(chunk[i], results[i]);
        }
    }

    private void DetectLanguages(WindowState[] chunk, float[] encoded, int encoderLength)
    {
        var rows = _model.Tokenizer.IsMultilingual ? Enumerable.Range(0, chunk.Length).Where(i => chunk[i].LanguageToken < 0).ToArray() : [];
        if (rows.Length == 0)
        {
            return;
        }

        var detected = LanguageDetector.Detect(
            _model.Decoder, _model.Tokenizer.StartOfTranscript, _languageTokens, KvCache.SelectRows(encoded, chunk.Length, rows), rows.Length, encoderLength);
        for (int j = 0; j < rows.Length; j++)
        {
            var state = chunk[rows[j]];
            var (token, probabilities) = detected[j];
            state.LanguageToken = token;
            state.Language = _model.Tokenizer.LanguageOf(token);
            state.LanguageProbability = probabilities[Array.IndexOf(_languageTokens, token)];
        }
    }

    private WindowResult[] DecodeWithFallback(WindowState[] chunk, float[] encoded, int encoderLength, CancellationToken cancellationToken)
    {
        var results = new WindowResult[chunk.Length];
        var pending = Enumerable.Range(0, chunk.Length).ToList();
        for (int attempt = 0; pending.Count > 0; attempt++)
        {
            // At temperature > 0 each window is sampled best_of times; the candidates run as extra batch rows.
            var candidates = new List<(int Row, WindowTask Task)>();
            foreach (var i in pending)
            {
                float temperature = Temperature(chunk[i].Options, attempt);
                int copies = temperature > 0 ? Math.Max(1, _options.BestOf) : 1;
                for (int c = 0; c < copies; c++)
                {
                    candidates.Add((i, CreateTask(chunk[i], temperature)));
                }
            }

            var best = new Dictionary<int, WindowResult>();
            foreach (var group in candidates.GroupBy(c => (c.Task.Prefix.Length, c.Task.BeamSize)))
            {
                var members = group.ToArray();
                var decoded = _windowDecoder.Decode(
                    [.. members.Select(m => m.Task)],
                    KvCache.SelectRows(encoded, chunk.Length, [.. members.Select(m => m.Row)]),
                    encoderLength,
                    null,
                    cancellationToken);
                for (int j = 0; j < members.Length; j++)
                {
                    // whisper's MaximumLikelihoodRanker without length penalty: sum log-prob / length
                    var r = decoded[j];
                    if (!best.TryGetValue(members[j].Row, out var current)
                        || r.SumLogProb / Math.Max(1, r.Tokens.Length) > current.SumLogProb / Math.Max(1, current.Tokens.Length))
                    {
                        best[members[j].Row] = r;
                    }
                }
            }

            foreach (var (row, result) in best)
            {
                results[row] = result;
            }

            pending = [.. pending.Where(i => attempt + 1 < chunk[i].Options.Temperatures.Count && FallbackPolicy.NeedsFallback(results[i], chunk[i].Options))];
        }

        return results;
    }

    private static float Temperature(DecodingOptions options, int attempt)
        => options.Temperatures.Count == 0 ? 0f : options.Temperatures[Math.Min(attempt, options.Temperatures.Count - 1)];

    private WindowTask CreateTask(WindowState state, float temperature)
    {
        var tokenizer = _model.Tokenizer;
        var options = state.Options;
        List<int> sot = [tokenizer.StartOfTranscript];
        if (tokenizer.IsMultilingual)
        {
            sot.Add(state.LanguageToken);
            sot.Add(options.Task == TranscriptionTask.Translate ? tokenizer.Translate : tokenizer.Transcribe);
        }

        if (options.WithoutTimestamps)
        {
            sot.Add(tokenizer.NoTimestamps);
        }

        var previous = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(state.AllTokens)[state.PromptResetSince..];
        var prefix = PromptBuilder.Build(tokenizer.StartOfPrev, state.HotwordTokens, previous, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sot), out int sotIndex);
        return new WindowTask
        {
            Prefix = prefix,
            SotIndex = sotIndex,
            Filter = options.WithoutTimestamps ? _noTimestampFilter : _timestampFilter,
            Temperature = temperature,
            BeamSize = temperature > 0 ? 1 : Math.Max(1, options.BeamSize),
            SampleLength = options.MaxNewTokens,
            Random = temperature > 0 ? new Random(state.Random.Next()) : null,
        };
    }

    private void AddSegments(WindowState state, WindowResult result)
    {
        var tokenizer = _model.Tokenizer;
        int segmentFrames = state.SegmentFrames;
        int windowSeek = state.Seek;
        if (FallbackPolicy.IsSilence(result, state.Options))
        {
            state.Seek += segmentFrames;
            return;
        }

        var pieces = SegmentSplitter.Split(result.Tokens, tokenizer.TimestampBegin, segmentFrames, out int seekAdvance);
        double offset = windowSeek * (double)LogMelSpectrogram.HopLength / LogMelSpectrogram.SampleRate;
        foreach (var piece in pieces)
        {
            var text = tokenizer.Decode([.. piece.Tokens.Where(t => t < tokenizer.EndOfText)]);
            state.AllTokens.AddRange(piece.Tokens);
            if (piece.End <= piece.Start || string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            // Whisper may time text inside the zero padding of a short window; keep times inside the audio.
            double windowEnd = offset + segmentFrames * (double)LogMelSpectrogram.HopLength / LogMelSpectrogram.SampleRate;
            double end = Math.Min(offset + piece.End, windowEnd);
            state.Segments.Add(new EngineSegment
            {
                Start = Math.Min(offset + piece.Start, end),
                End = end,
                Text = text,
                Tokens = piece.Tokens,
                AvgLogProb = result.AvgLogProb,
                CompressionRatio = result.CompressionRatio,
                NoSpeechProb = result.NoSpeechProb,
                Temperature = result.Temperature,
                Seek = windowSeek,
            });
        }

        // Guard against a window that would not move seek (whisper's rules make this impossible for sane output).
        state.Seek += seekAdvance > 0 ? seekAdvance : segmentFrames;
        if (result.Temperature > 0.5f)
        {
            state.PromptResetSince = state.AllTokens.Count;
        }
    }

    private WindowState CreateState(TranscriptionRequest request, int index)
    {
        var tokenizer = _model.Tokenizer;
        var audio = request.Audio.Span;
        int contentFrames = LogMelSpectrogram.ContentFrames(audio.Length);
        var mel = _mel.Compute(audio, contentFrames);
        var options = request.Options;
        var prompt = new List<int>();
        if (!string.IsNullOrWhiteSpace(options.InitialPrompt))
        {
            prompt.AddRange(tokenizer.Encode(" " + options.InitialPrompt.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(options.PreviousText))
        {
            prompt.AddRange(tokenizer.Encode(" " + options.PreviousText.Trim()));
        }

        var hotwords = string.Join(' ', options.Hotwords.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim()));
        int[] hotwordTokens = hotwords.Length > 0 ? tokenizer.Encode(" " + hotwords) : [];
        var state = new WindowState(request, mel, contentFrames, prompt, hotwordTokens, new Random(_options.SamplingSeed));
        if (!tokenizer.IsMultilingual)
        {
            state.Language = "en";
        }
        else if (options.Language is { } language)
        {
            state.LanguageToken = tokenizer.LanguageToken(language);
            state.Language = language;
        }

        return state;
    }

    private void Validate(DecodingOptions options)
    {
        var tokenizer = _model.Tokenizer;
        if (options.WordTimestamps)
        {
            throw new EngineException(
                "Word timestamps are not supported by the whisper-onnx engine: they are computed from the decoder's cross-attention weights, " +
                "which the standard Hugging Face Whisper ONNX exports do not output (the onnx-community *_timestamped exports do, but their alignment is not implemented).");
        }

        if (options.BeamSize < 1)
        {
            throw new EngineException($"beam_size must be at least 1 (got {options.BeamSize}).");
        }

        if (!tokenizer.IsMultilingual)
        {
            if (options.Task == TranscriptionTask.Translate)
            {
                throw new EngineException($"Model {ModelName} is English-only and cannot translate.");
            }

            if (options.Language is { } l && l != "en")
            {
                throw new EngineException($"Model {ModelName} is English-only; language '{l}' is not supported.");
            }
        }
        else if (options.Language is { } language && !tokenizer.LanguageCodes.Contains(language))
        {
            throw new EngineException($"Model {ModelName} does not know language '{language}'.");
        }
    }
}
