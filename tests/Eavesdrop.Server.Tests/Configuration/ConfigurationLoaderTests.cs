using Eavesdrop.Server.Configuration;

namespace Eavesdrop.Server.Tests.Configuration;

public sealed class ConfigurationLoaderTests
{
    private const string File = "/etc/eavesdrop/config.yaml";

    private const string DesignForm = """
        streams:
          office: rtsp://brainbox:8554/office?audio=all
          kitchen: rtsp://brainbox:8554/kitchen?audio=all
        """;

    [Fact]
    public void LoadFromText_DesignForm_LoadsStreamsInFileOrderWithDefaultsElsewhere()
    {
        var result = ConfigurationLoader.LoadFromText(DesignForm, File);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var options = result.Options!;
        Assert.Equal(
            [new StreamDefinition("office", new Uri("rtsp://brainbox:8554/office?audio=all")),
             new StreamDefinition("kitchen", new Uri("rtsp://brainbox:8554/kitchen?audio=all"))],
            options.Streams);
        Assert.Equal(File, options.ConfigPath);
        Assert.Equal(new ServerOptions(), options.Server);
        Assert.Equal(new EngineOptions(), options.Engine);
        Assert.Equal(new RtspOptions(), options.Rtsp);
    }

    [Fact]
    public void Load_DesignFormOnDisk_LoadsWithFullPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"eavesdrop-{Guid.NewGuid():N}.yaml");
        System.IO.File.WriteAllText(path, DesignForm);
        try
        {
            var result = ConfigurationLoader.Load(path);

            Assert.True(result.Succeeded, string.Join("\n", result.Errors));
            Assert.Equal(2, result.Options!.Streams.Count);
            Assert.Equal(Path.GetFullPath(path), result.Options.ConfigPath);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void LoadFromText_EmptyStreamsMapping_LoadsWithNoStreams()
    {
        var result = ConfigurationLoader.LoadFromText("streams: {}\n", File);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(result.Options!.Streams);
    }

    [Fact]
    public void LoadFromText_RtspsAndCredentials_Accepted()
    {
        var result = ConfigurationLoader.LoadFromText("streams:\n  door: rtsps://user:pw@cam.local/live\n", File);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("rtsps", result.Options!.Streams[0].Url.Scheme);
    }

    [Fact]
    public void LoadFromText_EveryOptionalSection_BindsEveryKey()
    {
        const string yaml = """
            streams:
              office: rtsp://brainbox:8554/office?audio=all
            server:
              host: 0.0.0.0
              port: 9191
              max_sessions: 8
              max_frame_bytes: 65536
              idle_timeout_seconds: 90
              max_session_length_seconds: 3600
              api_key: secret
              shutdown_timeout_seconds: 2.5
            engine:
              name: sphinx
              model: /models/en-us
              model_cache_directory: /var/cache/eavesdrop
              max_concurrent_inferences: 2
              max_batch_size: 8
              intra_op_threads: 3
            transcription:
              language: de
              task: translate
              initial_prompt: Meeting notes.
              hotwords: [Eavesdrop, Kestrel]
              beam_size: 5
              word_timestamps: true
              send_last_n_segments: 3
            streaming:
              min_chunk_seconds: 0.5
              interval_seconds: 0.25
              completion_silence_seconds: 1.2
              max_window_seconds: 20
            vad:
              enabled: false
              model_path: /models/silero_vad_v5.onnx
              threshold: 0.35
              speech_pad_seconds: 0.1
            rtsp:
              reconnect_delay_seconds: 1
              no_data_timeout_seconds: 4
              stop_grace_period_seconds: 0.5
              ffmpeg_path: /usr/local/bin/ffmpeg
            history:
              max_messages: 50
              max_age_seconds: 600
            """;

        var result = ConfigurationLoader.LoadFromText(yaml, File);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var o = result.Options!;
        Assert.Equal(
            new ServerOptions
            {
                Host = "0.0.0.0", Port = 9191, MaxSessions = 8, MaxFrameBytes = 65536,
                IdleTimeout = TimeSpan.FromSeconds(90), MaxSessionLength = TimeSpan.FromHours(1),
                ApiKey = "secret", ShutdownTimeout = TimeSpan.FromSeconds(2.5),
            },
            o.Server);
        Assert.Equal(
            new EngineOptions
            {
                Name = "sphinx", Model = "/models/en-us", ModelCacheDirectory = "/var/cache/eavesdrop",
                MaxConcurrentInferences = 2, MaxBatchSize = 8, IntraOpThreads = 3,
            },
            o.Engine);
        Assert.Equal("de", o.Transcription.Language);
        Assert.Equal("translate", o.Transcription.Task);
        Assert.Equal("Meeting notes.", o.Transcription.InitialPrompt);
        Assert.Equal(["Eavesdrop", "Kestrel"], o.Transcription.Hotwords);
        Assert.Equal(5, o.Transcription.BeamSize);
        Assert.True(o.Transcription.WordTimestamps);
        Assert.Equal(3, o.Transcription.SendLastNSegments);
        Assert.Equal(
            new StreamingOptions { MinChunkSeconds = 0.5, IntervalSeconds = 0.25, CompletionSilenceSeconds = 1.2, MaxWindowSeconds = 20 },
            o.Streaming);
        Assert.Equal(
            new VadOptions { Enabled = false, ModelPath = "/models/silero_vad_v5.onnx", Threshold = 0.35, SpeechPadSeconds = 0.1 },
            o.Vad);
        Assert.Equal(
            new RtspOptions
            {
                ReconnectDelay = TimeSpan.FromSeconds(1), NoDataTimeout = TimeSpan.FromSeconds(4),
                StopGracePeriod = TimeSpan.FromSeconds(0.5), FfmpegPath = "/usr/local/bin/ffmpeg",
            },
            o.Rtsp);
        Assert.Equal(new HistoryOptions { MaxMessages = 50, MaxAge = TimeSpan.FromMinutes(10) }, o.History);
    }

    [Fact]
    public void LoadFromText_NullTimeouts_MeanNoLimit()
    {
        var result = ConfigurationLoader.LoadFromText("streams: {}\nserver:\n  idle_timeout_seconds: null\n  max_session_length_seconds: ~\n", File);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Null(result.Options!.Server.IdleTimeout);
        Assert.Null(result.Options.Server.MaxSessionLength);
    }

    [Fact]
    public void LoadFromText_AnchorsAndAliases_Resolved()
    {
        var result = ConfigurationLoader.LoadFromText("streams:\n  a: &cam rtsp://cam/one\n  b: *cam\n", File);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(result.Options!.Streams[0].Url, result.Options.Streams[1].Url);
    }

    [Fact]
    public void Load_MissingFile_OneErrorNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"eavesdrop-missing-{Guid.NewGuid():N}.yaml");

        var result = ConfigurationLoader.Load(path);

        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.File);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
        Assert.Null(result.Options);
    }

    [Fact]
    public void Load_Directory_Error()
    {
        var result = ConfigurationLoader.Load(Path.GetTempPath());

        Assert.Contains("directory", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("streams:\n  office: [rtsp://a\n", 3)]
    [InlineData("streams:\n  office: rtsp://a\n kitchen: rtsp://b\n", 3)]
    [InlineData("streams: {office: \"rtsp://a}\n", 1)]
    public void LoadFromText_InvalidYaml_OneErrorWithLine(string yaml, int expectedLine)
    {
        var result = ConfigurationLoader.LoadFromText(yaml, File);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("not valid YAML", error.Message, StringComparison.Ordinal);
        Assert.Equal(expectedLine, error.Line);
        Assert.NotNull(error.Column);
    }

    [Fact]
    public void LoadFromText_NestedTooDeep_ErrorNotStackOverflow()
    {
        var yaml = "streams: {}\nserver: " + new string('[', 10_000) + new string(']', 10_000) + "\n";

        var error = Assert.Single(ConfigurationLoader.LoadFromText(yaml, File).Errors);

        Assert.Contains("nested more than 64 levels", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void LoadFromText_TwoDocuments_Error()
    {
        var result = ConfigurationLoader.LoadFromText("streams: {}\n---\nstreams: {}\n", File);

        var error = Assert.Single(result.Errors);
        Assert.Contains("more than one YAML document", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("server:\n  port: 9191\n")]
    public void LoadFromText_NoStreamsKey_ErrorAtStreams(string yaml)
    {
        var result = ConfigurationLoader.LoadFromText(yaml, File);

        var error = Assert.Single(result.Errors);
        Assert.Equal("streams", error.KeyPath);
        Assert.Contains("'streams' mapping", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("streams:\n", "null", 1)]
    [InlineData("streams: rtsp://cam/one\n", "'rtsp://cam/one'", 1)]
    [InlineData("streams:\n  - rtsp://cam/one\n", "a list", 2)]
    public void LoadFromText_StreamsNotAMapping_Error(string yaml, string described, int line)
    {
        var result = ConfigurationLoader.LoadFromText(yaml, File);

        var error = Assert.Single(result.Errors);
        Assert.Equal("streams", error.KeyPath);
        Assert.Equal(line, error.Line);
        Assert.Contains($"got {described}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromText_TopLevelList_Error()
    {
        var result = ConfigurationLoader.LoadFromText("- streams\n", File);

        Assert.Contains("top level must be a mapping", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://cam/one", "scheme 'http'")]
    [InlineData("file:///dev/video0", "scheme 'file'")]
    [InlineData("not a url", "not a valid URL")]
    [InlineData("/relative/path", "not a valid URL")]
    [InlineData("", "got null")]
    public void LoadFromText_StreamUrlNotRtsp_ErrorAtStreamKey(string url, string expected)
    {
        var result = ConfigurationLoader.LoadFromText($"streams:\n  office: rtsp://cam/office\n  kitchen: {url}\n", File);

        var error = Assert.Single(result.Errors);
        Assert.Equal("streams.kitchen", error.KeyPath);
        Assert.Equal(3, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromText_StreamUrlWithCredentials_NotEchoedInError()
    {
        var result = ConfigurationLoader.LoadFromText("streams:\n  office: http://admin:hunter2@cam/office\n", File);

        Assert.DoesNotContain("hunter2", Assert.Single(result.Errors).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"\": rtsp://cam/one")]
    [InlineData("'  ': rtsp://cam/one")]
    [InlineData("~: rtsp://cam/one")]
    public void LoadFromText_EmptyStreamName_Error(string entry)
    {
        var result = ConfigurationLoader.LoadFromText($"streams:\n  {entry}\n", File);

        var error = Assert.Single(result.Errors);
        Assert.Equal("streams", error.KeyPath);
        Assert.Equal(2, error.Line);
        Assert.Equal("empty stream name", error.Message);
    }

    [Fact]
    public void LoadFromText_StreamNameWithComma_Error()
    {
        var result = ConfigurationLoader.LoadFromText("streams:\n  \"a,b\": rtsp://cam/one\n", File);

        Assert.Contains("commas", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromText_DuplicateStreamNames_EveryDuplicateReportedWithFirstLine()
    {
        const string yaml = """
            streams:
              office: rtsp://cam/one
              kitchen: rtsp://cam/two
              office: rtsp://cam/three
              office: rtsp://cam/four
            """;

        var result = ConfigurationLoader.LoadFromText(yaml, File);

        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, error =>
        {
            Assert.Equal("streams.office", error.KeyPath);
            Assert.Equal("duplicate stream name 'office' (first defined on line 2)", error.Message);
        });
        Assert.Equal([4, 5], result.Errors.Select(e => e.Line!.Value));
    }

    [Fact]
    public void LoadFromText_DuplicateSectionKey_Error()
    {
        var result = ConfigurationLoader.LoadFromText("streams: {}\nserver:\n  port: 1\n  port: 2\n", File);

        var error = Assert.Single(result.Errors);
        Assert.Equal("server.port", error.KeyPath);
        Assert.Equal(4, error.Line);
        Assert.Contains("duplicate key", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("streams: {}\nstream: {}\n", "stream", 2, "did you mean 'streams'?")]
    [InlineData("streams: {}\nserver:\n  maxSessions: 3\n", "server.maxSessions", 3, "did you mean 'max_sessions'?")]
    [InlineData("streams: {}\nserver:\n  prot: 3\n", "server.prot", 3, "did you mean 'port'?")]
    [InlineData("streams: {}\nvad:\n  colour: red\n", "vad.colour", 3, "known keys: enabled, model_path, threshold, speech_pad_seconds")]
    [InlineData("streams: {}\nlogging: {}\n", "logging", 2, "unknown key 'logging' in the top level")]
    public void LoadFromText_UnknownKey_ErrorWithSuggestion(string yaml, string keyPath, int line, string expected)
    {
        var result = ConfigurationLoader.LoadFromText(yaml, File);

        var error = Assert.Single(result.Errors);
        Assert.Equal(keyPath, error.KeyPath);
        Assert.Equal(line, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("server:\n  port: abc", "server.port", "expected a whole number, got 'abc'")]
    [InlineData("server:\n  port: 90.5", "server.port", "expected a whole number")]
    [InlineData("server:\n  port: [1, 2]", "server.port", "expected a whole number, got a list")]
    [InlineData("server:\n  host: {a: 1}", "server.host", "expected text, got a mapping")]
    [InlineData("server:\n  host:", "server.host", "expected text, got null")]
    [InlineData("vad:\n  enabled: yes", "vad.enabled", "expected true or false, got 'yes'")]
    [InlineData("vad:\n  threshold: high", "vad.threshold", "expected a number, got 'high'")]
    [InlineData("rtsp:\n  reconnect_delay_seconds: .inf", "rtsp.reconnect_delay_seconds", "expected a number")]
    [InlineData("transcription:\n  hotwords: {a: b}", "transcription.hotwords", "expected a list of texts, got a mapping")]
    [InlineData("server: 9090", "server", "expected a mapping of settings")]
    public void LoadFromText_WrongType_Error(string section, string keyPath, string expected)
    {
        var result = ConfigurationLoader.LoadFromText($"streams: {{}}\n{section}\n", File);

        var error = Assert.Single(result.Errors);
        Assert.Equal(keyPath, error.KeyPath);
        Assert.NotNull(error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("server:\n  port: 70000", "server.port", "must be between 0 and 65535 (got 70000)")]
    [InlineData("server:\n  port: -1", "server.port", "must be between 0 and 65535")]
    [InlineData("server:\n  max_sessions: 0", "server.max_sessions", "must be at least 1")]
    [InlineData("server:\n  max_frame_bytes: 0", "server.max_frame_bytes", "must be at least 1")]
    [InlineData("server:\n  idle_timeout_seconds: 0", "server.idle_timeout_seconds", "must be greater than 0")]
    [InlineData("server:\n  port: 99999999999999", "server.port", "must be between 0 and 65535")]
    [InlineData("engine:\n  name: vosk", "engine.name", "must be one of whisper, sphinx (got 'vosk')")]
    [InlineData("engine:\n  max_batch_size: 0", "engine.max_batch_size", "must be between 1 and 1024")]
    [InlineData("transcription:\n  task: summarize", "transcription.task", "must be one of transcribe, translate")]
    [InlineData("transcription:\n  language: English", "transcription.language", "language code")]
    [InlineData("transcription:\n  beam_size: 0", "transcription.beam_size", "must be between 1 and 32")]
    [InlineData("transcription:\n  send_last_n_segments: 0", "transcription.send_last_n_segments", "must be between 1 and 1000")]
    [InlineData("streaming:\n  max_window_seconds: 31", "streaming.max_window_seconds", "at most 30")]
    [InlineData("streaming:\n  min_chunk_seconds: 0", "streaming.min_chunk_seconds", "must be greater than 0")]
    [InlineData("vad:\n  threshold: 1.5", "vad.threshold", "must be between 0 and 1 (got 1.5)")]
    [InlineData("vad:\n  threshold: -0.1", "vad.threshold", "must be between 0 and 1")]
    [InlineData("rtsp:\n  no_data_timeout_seconds: 0", "rtsp.no_data_timeout_seconds", "must be greater than 0")]
    [InlineData("rtsp:\n  reconnect_delay_seconds: -5", "rtsp.reconnect_delay_seconds", "must be at least 0")]
    [InlineData("history:\n  max_messages: -1", "history.max_messages", "must be at least 0")]
    public void LoadFromText_OutOfRange_Error(string section, string keyPath, string expected)
    {
        var result = ConfigurationLoader.LoadFromText($"streams: {{}}\n{section}\n", File);

        var error = Assert.Single(result.Errors);
        Assert.Equal(keyPath, error.KeyPath);
        Assert.Equal(3, error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromText_MinChunkLongerThanWindow_Error()
    {
        var result = ConfigurationLoader.LoadFromText("streams: {}\nstreaming:\n  min_chunk_seconds: 10\n  max_window_seconds: 5\n", File);

        var error = Assert.Single(result.Errors);
        Assert.Equal("streaming.min_chunk_seconds", error.KeyPath);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void LoadFromText_ManyProblems_AllCollectedInFileOrder()
    {
        const string yaml = """
            streams:
              office: http://cam/office
              "": rtsp://cam/empty
              office: rtsp://cam/again
            server:
              port: 0x
              colour: blue
            vad:
              threshold: 2
            """;

        var result = ConfigurationLoader.LoadFromText(yaml, File);

        Assert.Equal(
            ["streams.office", "streams", "streams.office", "server.port", "server.colour", "vad.threshold"],
            result.Errors.Select(e => e.KeyPath));
        Assert.Equal([2, 3, 4, 6, 7, 9], result.Errors.Select(e => e.Line!.Value));
        Assert.All(result.Errors, e => Assert.Equal(File, e.File));
    }

    [Fact]
    public void ConfigurationError_ToString_NamesFileLineKeyAndMessage()
    {
        Assert.Equal(
            "/c.yaml:3:9: server.port: must be between 0 and 65535 (got 70000)",
            new ConfigurationError("/c.yaml", "server.port", 3, 9, "must be between 0 and 65535 (got 70000)").ToString());
        Assert.Equal("/c.yaml: configuration file not found", new ConfigurationError("/c.yaml", null, null, null, "configuration file not found").ToString());
    }
}
