namespace Eavesdrop.Server.Configuration;

/// <summary>
/// Every optional YAML section, its snake_case keys and their ranges. Durations are seconds.
/// A key left out keeps the options record's default.
/// </summary>
internal static class ConfigurationSchema
{
    public static readonly IReadOnlyList<string> EngineNames = ["whisper", "sphinx"];

    public static readonly IReadOnlyList<string> Tasks = ["transcribe", "translate"];

    /// <summary>Whisper's window is 30 s; nothing longer can be decoded in one pass.</summary>
    public const double MaxWindowSecondsLimit = 30;

    private const int Unbounded = int.MaxValue;

    private const double Forever = double.MaxValue;

    public static readonly ConfigurationSection<ServerOptions> Server = new("server")
    {
        { "host", (o, v) => v.TryReadText(out var x) ? o with { Host = x } : o },
        // 0 asks the OS for a free port (the bound port is logged at start-up).
        { "port", (o, v) => v.TryReadInt(0, 65535, out var x) ? o with { Port = x } : o },
        { "max_sessions", (o, v) => v.TryReadInt(1, Unbounded, out var x) ? o with { MaxSessions = x } : o },
        { "max_frame_bytes", (o, v) => v.TryReadInt(1, Unbounded, out var x) ? o with { MaxFrameBytes = x } : o },
        { "idle_timeout_seconds", (o, v) => v.TryReadOptionalSeconds(0, Forever, minExclusive: true, out var x) ? o with { IdleTimeout = x } : o },
        { "max_session_length_seconds", (o, v) => v.TryReadOptionalSeconds(0, Forever, minExclusive: true, out var x) ? o with { MaxSessionLength = x } : o },
        { "api_key", (o, v) => v.TryReadOptionalText(out var x) ? o with { ApiKey = x } : o },
        { "shutdown_timeout_seconds", (o, v) => v.TryReadSeconds(0, Forever, minExclusive: false, out var x) ? o with { ShutdownTimeout = x } : o },
    };

    public static readonly ConfigurationSection<EngineOptions> Engine = new("engine")
    {
        { "name", (o, v) => v.TryReadChoice(EngineNames, out var x) ? o with { Name = x } : o },
        { "model", (o, v) => v.TryReadOptionalText(out var x) ? o with { Model = x } : o },
        { "model_cache_directory", (o, v) => v.TryReadOptionalText(out var x) ? o with { ModelCacheDirectory = x } : o },
        { "max_concurrent_inferences", (o, v) => v.TryReadOptionalInt(1, 1024, out var x) ? o with { MaxConcurrentInferences = x } : o },
        { "max_batch_size", (o, v) => v.TryReadInt(1, 1024, out var x) ? o with { MaxBatchSize = x } : o },
        { "intra_op_threads", (o, v) => v.TryReadOptionalInt(1, 1024, out var x) ? o with { IntraOpThreads = x } : o },
    };

    public static readonly ConfigurationSection<TranscriptionOptions> Transcription = new("transcription")
    {
        { "language", (o, v) => TryReadLanguage(v, out var x) ? o with { Language = x } : o },
        { "task", (o, v) => v.TryReadChoice(Tasks, out var x) ? o with { Task = x } : o },
        { "initial_prompt", (o, v) => v.TryReadOptionalText(out var x) ? o with { InitialPrompt = x } : o },
        { "hotwords", (o, v) => v.TryReadTextList(out var x) ? o with { Hotwords = x } : o },
        { "beam_size", (o, v) => v.TryReadInt(1, 32, out var x) ? o with { BeamSize = x } : o },
        { "word_timestamps", (o, v) => v.TryReadBool(out var x) ? o with { WordTimestamps = x } : o },
        { "send_last_n_segments", (o, v) => v.TryReadInt(1, 1000, out var x) ? o with { SendLastNSegments = x } : o },
    };

    public static readonly ConfigurationSection<StreamingOptions> Streaming = new("streaming")
    {
        { "min_chunk_seconds", (o, v) => v.TryReadNumber(0, MaxWindowSecondsLimit, minExclusive: true, out var x) ? o with { MinChunkSeconds = x } : o },
        { "interval_seconds", (o, v) => v.TryReadNumber(0, 3600, minExclusive: false, out var x) ? o with { IntervalSeconds = x } : o },
        { "completion_silence_seconds", (o, v) => v.TryReadNumber(0, 3600, minExclusive: true, out var x) ? o with { CompletionSilenceSeconds = x } : o },
        { "max_window_seconds", (o, v) => v.TryReadNumber(0, MaxWindowSecondsLimit, minExclusive: true, out var x) ? o with { MaxWindowSeconds = x } : o },
    };

    public static readonly ConfigurationSection<VadOptions> Vad = new("vad")
    {
        { "enabled", (o, v) => v.TryReadBool(out var x) ? o with { Enabled = x } : o },
        { "model_path", (o, v) => v.TryReadOptionalText(out var x) ? o with { ModelPath = x } : o },
        { "threshold", (o, v) => v.TryReadNumber(0, 1, minExclusive: false, out var x) ? o with { Threshold = x } : o },
        { "speech_pad_seconds", (o, v) => v.TryReadNumber(0, 10, minExclusive: false, out var x) ? o with { SpeechPadSeconds = x } : o },
    };

    public static readonly ConfigurationSection<RtspOptions> Rtsp = new("rtsp")
    {
        { "reconnect_delay_seconds", (o, v) => v.TryReadSeconds(0, Forever, minExclusive: false, out var x) ? o with { ReconnectDelay = x } : o },
        { "no_data_timeout_seconds", (o, v) => v.TryReadSeconds(0, Forever, minExclusive: true, out var x) ? o with { NoDataTimeout = x } : o },
        { "stop_grace_period_seconds", (o, v) => v.TryReadSeconds(0, Forever, minExclusive: false, out var x) ? o with { StopGracePeriod = x } : o },
        { "ffmpeg_path", (o, v) => v.TryReadText(out var x) ? o with { FfmpegPath = x } : o },
    };

    public static readonly ConfigurationSection<HistoryOptions> History = new("history")
    {
        { "max_messages", (o, v) => v.TryReadInt(0, Unbounded, out var x) ? o with { MaxMessages = x } : o },
        { "max_age_seconds", (o, v) => v.TryReadSeconds(0, Forever, minExclusive: true, out var x) ? o with { MaxAge = x } : o },
    };

    /// <summary>The top-level keys, in the order messages list them.</summary>
    public static readonly IReadOnlyList<string> TopLevelKeys =
        ["streams", Server.Name, Engine.Name, Transcription.Name, Streaming.Name, Vad.Name, Rtsp.Name, History.Name];

    /// <summary>An ISO 639-1 (or Whisper's three-letter, e.g. <c>haw</c>) code; null or <c>auto</c> = detect.</summary>
    private static bool TryReadLanguage(ConfigurationValue value, out string? language)
    {
        if (!value.TryReadOptionalText(out language))
        {
            return false;
        }

        if (language is null || string.Equals(language, "auto", StringComparison.OrdinalIgnoreCase))
        {
            language = null;
            return true;
        }

        language = language.Trim();
        if (language.Length is < 2 or > 3 || !language.All(char.IsAsciiLetterLower))
        {
            value.Fail($"expected a lower-case language code such as en or de, or auto (got '{language}')");
            language = null;
            return false;
        }

        return true;
    }
}
