using System.Text;
using System.Text.Json;

namespace Eavesdrop.Protocol.Tests;

public class ProtocolCodecTests
{
    private const double Ts = 1764000000.25;

    private static Segment SampleSegment(bool completed = true, IReadOnlyList<Word>? words = null, double? temperature = null) => new()
    {
        Id = ulong.MaxValue,
        Seek = 300,
        Start = 1.5,
        End = 4,
        Text = " And so my fellow Americans",
        Tokens = [50364, 400, 370],
        AvgLogprob = -0.25,
        CompressionRatio = 1.1,
        Words = words,
        Temperature = temperature,
        Completed = completed,
    };

    public static TheoryData<ProtocolMessage> AllMessages() => new()
    {
        new SetupMessage
        {
            Timestamp = Ts,
            Stream = "s1",
            Options = new SessionOptionsMessage
            {
                SourceMode = SourceMode.File,
                SendLastNSegments = 3,
                InitialPrompt = "JFK",
                Hotwords = ["Americans", "country"],
                WordTimestamps = true,
                BeamSize = 5,
                Model = "tiny.en",
                Task = TranscriptionTask.Translate,
                Language = "en",
            },
        },
        new SetupMessage { Timestamp = Ts, Stream = "s2" },
        new ServerReadyMessage { Timestamp = Ts, Stream = "s1", Backend = "whisper-onnx" },
        new ControlRecordingStartedMessage { Timestamp = Ts, Stream = "s1", RecordingId = "r1", SampleRateHz = 16000 },
        new ControlFlushMessage { Timestamp = Ts, Stream = "s1", RecordingId = "r1", ForceComplete = false },
        new ControlUtteranceCancelledMessage { Timestamp = Ts, Stream = "s1", RecordingId = "r1" },
        new TranscriptionMessage
        {
            Timestamp = Ts,
            Stream = "s1",
            Segments =
            [
                SampleSegment(words: [new Word { Start = 1.5, End = 2, Text = " And", Probability = 0.9 }], temperature: 0),
                SampleSegment(completed: false) with { Id = SegmentIdChain.BaselineId, Text = "", Tokens = [] },
            ],
            Language = "en",
            RecordingId = "r1",
            FlushComplete = true,
        },
        new TranscriptionMessage { Timestamp = Ts, Stream = "office", Segments = [] },
        new LanguageDetectionMessage { Timestamp = Ts, Stream = "s1", Language = "en", LanguageProb = 0.97 },
        new ErrorMessage { Timestamp = Ts, Stream = "s1", Message = "bad" },
        new ErrorMessage { Timestamp = Ts, Message = "no stream" },
        new DisconnectMessage { Timestamp = Ts, Stream = "s1", Message = "bye" },
        new DisconnectMessage { Timestamp = Ts, Stream = "s1" },
        new StreamStatusMessage { Timestamp = Ts, Stream = "office", Status = StreamStatus.Offline, Message = "ffmpeg exited" },
        new HealthCheckMessage { Timestamp = Ts },
    };

    [Theory]
    [MemberData(nameof(AllMessages))]
    public void TryParse_SerializedMessage_RoundTrips(ProtocolMessage original)
    {
        var json = ProtocolCodec.Serialize(original);

        Assert.True(ProtocolCodec.TryParse(Encoding.UTF8.GetBytes(json), out var parsed, out var error), error);
        Assert.Equal(original.GetType(), parsed.GetType());
        Assert.Equal(original.Type, parsed.Type);
        Assert.Equal(Ts, parsed.Timestamp);
        Assert.Equal(json, ProtocolCodec.Serialize(parsed));
        Assert.Equal(json, Encoding.UTF8.GetString(ProtocolCodec.SerializeToUtf8Bytes(parsed)));
    }

    [Theory]
    [MemberData(nameof(AllMessages))]
    public void Serialize_AnyMessage_StartsWithTypeThenTimestampAndHasNoNulls(ProtocolMessage message)
    {
        var json = ProtocolCodec.Serialize(message);

        Assert.StartsWith($"{{\"type\":\"{message.Type}\",\"timestamp\":1764000000.25", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_Setup_WritesSnakeCaseFieldNames()
    {
        var json = ProtocolCodec.Serialize(AllMessages().Select(row => row.Data).OfType<SetupMessage>().First());

        Assert.Equal(
            """{"type":"setup","timestamp":1764000000.25,"stream":"s1","options":{"source_mode":"file","send_last_n_segments":3,"initial_prompt":"JFK","hotwords":["Americans","country"],"word_timestamps":true,"beam_size":5,"model":"tiny.en","task":"translate","language":"en"}}""",
            json);
    }

    [Fact]
    public void Serialize_ControlMessages_WriteSnakeCaseFieldNames()
    {
        Assert.Equal(
            """{"type":"control_recording_started","timestamp":1,"stream":"s","recording_id":"r","sample_rate_hz":16000}""",
            ProtocolCodec.Serialize(new ControlRecordingStartedMessage { Timestamp = 1, Stream = "s", RecordingId = "r", SampleRateHz = 16000 }));
        Assert.Equal(
            """{"type":"control_flush","timestamp":1,"stream":"s","recording_id":"r","force_complete":true}""",
            ProtocolCodec.Serialize(new ControlFlushMessage { Timestamp = 1, Stream = "s", RecordingId = "r" }));
        Assert.Equal(
            """{"type":"language_detection","timestamp":1,"stream":"s","language":"de","language_prob":0.5}""",
            ProtocolCodec.Serialize(new LanguageDetectionMessage { Timestamp = 1, Stream = "s", Language = "de", LanguageProb = 0.5 }));
        Assert.Equal(
            """{"type":"stream_status","timestamp":1,"stream":"office","status":"online"}""",
            ProtocolCodec.Serialize(new StreamStatusMessage { Timestamp = 1, Stream = "office", Status = StreamStatus.Online }));
        Assert.Equal(
            """{"type":"health_check","timestamp":1}""",
            ProtocolCodec.Serialize(new HealthCheckMessage { Timestamp = 1 }));
    }

    [Fact]
    public void Serialize_NullFields_AreOmitted()
    {
        Assert.Equal("""{"type":"error","timestamp":2,"message":"boom"}""", ProtocolCodec.Serialize(new ErrorMessage { Timestamp = 2, Message = "boom" }));
        Assert.Equal("""{"type":"disconnect","timestamp":2,"stream":"s"}""", ProtocolCodec.Serialize(new DisconnectMessage { Timestamp = 2, Stream = "s" }));
        Assert.Equal("""{"type":"setup","timestamp":2,"stream":"s","options":{}}""", ProtocolCodec.Serialize(new SetupMessage { Timestamp = 2, Stream = "s", Options = new() }));
        Assert.Equal(
            """{"type":"transcription","timestamp":2,"stream":"s","segments":[]}""",
            ProtocolCodec.Serialize(new TranscriptionMessage { Timestamp = 2, Stream = "s", Segments = [] }));
    }

    [Fact]
    public void Serialize_Segment_WritesFieldsInProtocolOrder()
    {
        var message = new TranscriptionMessage
        {
            Timestamp = 3,
            Stream = "s",
            Segments = [SampleSegment(words: [new Word { Start = 1.5, End = 2, Text = " And", Probability = 0.75 }], temperature: 0.2)],
        };

        var json = ProtocolCodec.Serialize(message);

        Assert.Equal(
            """{"type":"transcription","timestamp":3,"stream":"s","segments":[{"id":18446744073709551615,"seek":300,"start":1.5,"end":4,"text":" And so my fellow Americans","tokens":[50364,400,370],"avg_logprob":-0.25,"compression_ratio":1.1,"words":[{"start":1.5,"end":2,"word":" And","probability":0.75}],"temperature":0.2,"completed":true,"avg_probability":0.7788007830714049,"duration":2.5}]}""",
            json);
    }

    [Fact]
    public void Serialize_SegmentWithoutOptionalFields_OmitsWordsAndTemperature()
    {
        var json = ProtocolCodec.Serialize(new TranscriptionMessage { Timestamp = 3, Stream = "s", Segments = [SampleSegment(completed: false)] });

        using var doc = JsonDocument.Parse(json);
        var names = doc.RootElement.GetProperty("segments")[0].EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["id", "seek", "start", "end", "text", "tokens", "avg_logprob", "compression_ratio", "completed", "avg_probability", "duration"], names);
    }

    [Fact]
    public void TryParse_PythonStyleTranscription_ReadsEveryField()
    {
        const string json = """
            {"type": "transcription", "timestamp": 1764000000.5, "stream": "office", "language": "en",
             "segments": [{"id": 12269926345859042865, "seek": 0, "start": 0.0, "end": 0.0, "text": "",
                           "tokens": [], "avg_logprob": 0.0, "compression_ratio": 0.0, "temperature": null,
                           "completed": false, "avg_probability": 1.0, "duration": 0.0}]}
            """;

        Assert.True(ProtocolCodec.TryParse(json, out var message, out var error), error);
        var transcription = Assert.IsType<TranscriptionMessage>(message);
        Assert.Equal("office", transcription.Stream);
        Assert.Equal("en", transcription.Language);
        Assert.Null(transcription.FlushComplete);
        var segment = Assert.Single(transcription.Segments);
        Assert.Equal(SegmentIdChain.BaselineId, segment.Id);
        Assert.False(segment.Completed);
        Assert.Null(segment.Temperature);
        Assert.Equal(1.0, segment.AvgProbability);
    }

    [Fact]
    public void TryParse_ControlFlushWithoutForceComplete_DefaultsToTrue()
    {
        Assert.True(ProtocolCodec.TryParse("""{"type":"control_flush","timestamp":1,"stream":"s","recording_id":"r"}""", out var message, out var error), error);
        Assert.True(Assert.IsType<ControlFlushMessage>(message).ForceComplete);
    }

    [Fact]
    public void TryParse_MissingTimestampAndUnknownFields_AreAccepted()
    {
        Assert.True(ProtocolCodec.TryParse("""{"type":"setup","stream":"s","options":{"use_vad":true,"language":null},"extra":[1]}""", out var message, out var error), error);
        var setup = Assert.IsType<SetupMessage>(message);
        Assert.Equal(0, setup.Timestamp);
        Assert.Null(setup.Options!.Language);
    }

    [Theory]
    [InlineData("", "invalid JSON at byte 0: ")]
    [InlineData("{\"type\":\"setup\",", "invalid JSON at byte ")]
    [InlineData("{\"type\": setup}", "invalid JSON at byte 9: ")]
    [InlineData("{\"type\":\"setup\",\n\"stream\": x}", "invalid JSON at byte 27: ")]
    [InlineData("{\"type\":\"health_check\"} {}", "invalid JSON at byte 24: ")]
    public void TryParse_InvalidJson_NamesTheByteOffset(string input, string expectedPrefix)
    {
        Assert.False(ProtocolCodec.TryParse(Encoding.UTF8.GetBytes(input), out var message, out var error));
        Assert.Null(message);
        Assert.StartsWith(expectedPrefix, error, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,2]", "message must be a JSON object, not an array")]
    [InlineData("\"setup\"", "message must be a JSON object, not a string")]
    [InlineData("{\"timestamp\":1}", "missing field 'type'")]
    [InlineData("{\"type\":7}", "field 'type' must be a string")]
    [InlineData("{\"type\":\"foo\"}", "unknown message type 'foo'")]
    [InlineData("{\"type\":\"setup\"}", "missing field 'stream'")]
    [InlineData("{\"type\":\"setup\",\"stream\":null}", "field 'stream' must be a string")]
    [InlineData("{\"type\":\"setup\",\"stream\":5}", "field 'stream' must be a string")]
    [InlineData("{\"type\":\"setup\",\"timestamp\":\"now\",\"stream\":\"s\"}", "field 'timestamp' must be a number")]
    [InlineData("{\"type\":\"setup\",\"stream\":\"s\",\"options\":[]}", "field 'options' must be an object")]
    [InlineData("{\"type\":\"setup\",\"stream\":\"s\",\"options\":{\"beam_size\":\"5\"}}", "field 'options.beam_size' must be an integer")]
    [InlineData("{\"type\":\"setup\",\"stream\":\"s\",\"options\":{\"beam_size\":0}}", "field 'options.beam_size' must be a positive integer")]
    [InlineData("{\"type\":\"setup\",\"stream\":\"s\",\"options\":{\"send_last_n_segments\":-1}}", "field 'options.send_last_n_segments' must be a positive integer")]
    [InlineData("{\"type\":\"setup\",\"stream\":\"s\",\"options\":{\"source_mode\":\"disk\"}}", "field 'options.source_mode' must be one of 'live', 'file'")]
    [InlineData("{\"type\":\"setup\",\"stream\":\"s\",\"options\":{\"task\":1}}", "field 'options.task' must be one of 'transcribe', 'translate'")]
    [InlineData("{\"type\":\"setup\",\"stream\":\"s\",\"options\":{\"word_timestamps\":\"yes\"}}", "field 'options.word_timestamps' must be a boolean")]
    [InlineData("{\"type\":\"setup\",\"stream\":\"s\",\"options\":{\"hotwords\":\"a,b\"}}", "field 'options.hotwords' must be an array")]
    [InlineData("{\"type\":\"setup\",\"stream\":\"s\",\"options\":{\"hotwords\":[\"a\",2]}}", "field 'options.hotwords[1]' must be a string")]
    [InlineData("{\"type\":\"control_recording_started\",\"stream\":\"s\",\"recording_id\":\"r\"}", "missing field 'sample_rate_hz'")]
    [InlineData("{\"type\":\"control_recording_started\",\"stream\":\"s\",\"recording_id\":\"r\",\"sample_rate_hz\":16000.5}", "field 'sample_rate_hz' must be an integer")]
    [InlineData("{\"type\":\"control_recording_started\",\"stream\":\"s\",\"recording_id\":\"r\",\"sample_rate_hz\":\"16000\"}", "field 'sample_rate_hz' must be an integer")]
    [InlineData("{\"type\":\"control_recording_started\",\"stream\":\"s\",\"recording_id\":3,\"sample_rate_hz\":16000}", "field 'recording_id' must be a string")]
    [InlineData("{\"type\":\"control_flush\",\"stream\":\"s\",\"recording_id\":\"r\",\"force_complete\":null}", "field 'force_complete' must be a boolean")]
    [InlineData("{\"type\":\"control_utterance_cancelled\",\"stream\":\"s\"}", "missing field 'recording_id'")]
    [InlineData("{\"type\":\"stream_status\",\"stream\":\"s\",\"status\":\"gone\"}", "field 'status' must be one of 'online', 'offline', 'error'")]
    [InlineData("{\"type\":\"transcription\",\"stream\":\"s\",\"segments\":[{\"id\":-1}]}", "field 'segments[0].id' must be an unsigned 64-bit integer")]
    [InlineData("{\"type\":\"transcription\",\"stream\":\"s\",\"segments\":[{\"id\":1,\"seek\":0,\"start\":0,\"end\":1,\"tokens\":[]}]}", "missing field 'segments[0].text'")]
    [InlineData("{\"type\":\"language_detection\",\"stream\":\"s\",\"language\":\"en\",\"language_prob\":true}", "field 'language_prob' must be a number")]
    [InlineData("{\"type\":\"error\"}", "missing field 'message'")]
    public void TryParse_MalformedMessage_NamesTheProblem(string input, string expectedError)
    {
        Assert.False(ProtocolCodec.TryParse(Encoding.UTF8.GetBytes(input), out var message, out var error));
        Assert.Null(message);
        Assert.Equal(expectedError, error);
    }

    [Fact]
    public void TryParse_DeeplyNestedJson_ReturnsErrorInsteadOfThrowing()
    {
        var input = "{\"type\":\"setup\",\"stream\":\"s\",\"x\":" + new string('[', 200) + new string(']', 200) + "}";

        Assert.False(ProtocolCodec.TryParse(input, out _, out var error));
        Assert.StartsWith("invalid JSON at byte ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_InvalidUtf8_ReturnsError()
    {
        byte[] input = [.. "{\"type\":\"error\",\"message\":\""u8, 0xFF, 0xFE, .. "\"}"u8];

        Assert.False(ProtocolCodec.TryParse(input, out _, out var error));
        Assert.Equal("invalid JSON at byte 27: invalid UTF-8", error);
    }

    [Fact]
    public void Serialize_InfiniteNumber_ThrowsArgumentException()
    {
        var message = new LanguageDetectionMessage { Timestamp = 1, Stream = "s", Language = "en", LanguageProb = double.NegativeInfinity };

        Assert.ThrowsAny<ArgumentException>(() => ProtocolCodec.Serialize(message));
    }
}
