using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Protocol;
using Eavesdrop.Server.Configuration;
using EngineTask = Eavesdrop.Engine.Abstractions.TranscriptionTask;
using WireTask = Eavesdrop.Protocol.TranscriptionTask;

namespace Eavesdrop.Server.Sessions;

/// <summary>
/// Turns the server's transcription defaults plus a client's <c>setup.options</c> into one
/// session's settings, refusing what the loaded engine cannot do with a message that says why.
/// </summary>
internal sealed class SessionSettingsResolver
{
    private readonly EavesdropOptions _options;
    private readonly ISpeechEngine _engine;

    public SessionSettingsResolver(EavesdropOptions options, ISpeechEngine engine)
    {
        _options = options;
        _engine = engine;
    }

    /// <summary>Settings for an RTSP stream: the server defaults, live mode.</summary>
    public SessionSettings ForStream()
    {
        if (!TryResolve(null, out var settings, out var error))
        {
            throw new InvalidOperationException($"The server's transcription defaults are invalid for engine {_engine.Name}: {error}");
        }

        return settings;
    }

    public bool TryResolve(SessionOptionsMessage? requested, out SessionSettings settings, out string? error)
    {
        settings = null!;
        var defaults = _options.Transcription;
        var capabilities = _engine.Capabilities;

        if (requested?.Model is { Length: > 0 } model && !IsLoadedModel(model))
        {
            error = $"Model '{model}' is not loaded on this server; it runs '{_engine.ModelName}' ({_engine.Name}). Omit options.model or ask for '{_engine.ModelName}'.";
            return false;
        }

        var task = requested?.Task switch
        {
            WireTask.Translate => EngineTask.Translate,
            WireTask.Transcribe => EngineTask.Transcribe,
            _ => string.Equals(defaults.Task, "translate", StringComparison.OrdinalIgnoreCase) ? EngineTask.Translate : EngineTask.Transcribe,
        };
        if (task == EngineTask.Translate && !capabilities.CanTranslate)
        {
            error = $"Task 'translate' needs a multilingual model; '{_engine.ModelName}' ({_engine.Name}) cannot translate.";
            return false;
        }

        var wordTimestamps = requested?.WordTimestamps ?? defaults.WordTimestamps;
        if (wordTimestamps && task == EngineTask.Translate)
        {
            error = "Option 'word_timestamps' cannot be combined with task 'translate'.";
            return false;
        }

        if (wordTimestamps && !capabilities.SupportsWordTimestamps)
        {
            error = $"Option 'word_timestamps' is not supported by '{_engine.ModelName}' ({_engine.Name}).";
            return false;
        }

        var language = requested?.Language ?? defaults.Language;
        if (language is not null && !capabilities.Languages.Contains(language, StringComparer.OrdinalIgnoreCase))
        {
            error = $"Language '{language}' is not supported by '{_engine.ModelName}'; it knows: {string.Join(", ", capabilities.Languages.Take(20))}{(capabilities.Languages.Count > 20 ? ", …" : string.Empty)}.";
            return false;
        }

        if (language is null && !capabilities.CanDetectLanguage && capabilities.Languages.Count == 1)
        {
            language = capabilities.Languages[0];
        }

        var sendLastN = requested?.SendLastNSegments ?? defaults.SendLastNSegments;
        settings = new SessionSettings
        {
            Decoding = new DecodingOptions
            {
                Language = language?.ToLowerInvariant(),
                Task = task,
                InitialPrompt = requested?.InitialPrompt ?? defaults.InitialPrompt,
                Hotwords = requested?.Hotwords ?? defaults.Hotwords,
                BeamSize = requested?.BeamSize ?? defaults.BeamSize,
                WordTimestamps = wordTimestamps,
            },
            SendLastNSegments = sendLastN,
            Mode = requested?.SourceMode ?? SourceMode.Live,
            Streaming = _options.Streaming,
            VadThreshold = _options.Vad.Threshold,
            SpeechPadSeconds = _options.Vad.SpeechPadSeconds,
        };
        error = null;
        return true;
    }

    private bool IsLoadedModel(string model) =>
        string.Equals(model, _engine.ModelName, StringComparison.OrdinalIgnoreCase)
        || string.Equals(model, _options.Engine.Model, StringComparison.OrdinalIgnoreCase)
        || string.Equals(model, Path.GetFileName(_engine.ModelName.TrimEnd('/')), StringComparison.OrdinalIgnoreCase);
}
