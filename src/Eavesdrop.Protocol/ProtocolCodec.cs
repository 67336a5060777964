using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Serialization.Metadata;
using Eavesdrop.Protocol.Serialization;

namespace Eavesdrop.Protocol;

/// <summary>
/// Writes and reads the JSON messages of the wire protocol. Parsing never throws on bad input:
/// it returns an error text that names the problem, fit to send back in an <see cref="ErrorMessage"/>.
/// </summary>
public static class ProtocolCodec
{
    private static readonly Dictionary<string, JsonTypeInfo> s_typeInfoByType = new(StringComparer.Ordinal)
    {
        [MessageTypes.Setup] = ProtocolJsonContext.Default.SetupMessage,
        [MessageTypes.ServerReady] = ProtocolJsonContext.Default.ServerReadyMessage,
        [MessageTypes.ControlRecordingStarted] = ProtocolJsonContext.Default.ControlRecordingStartedMessage,
        [MessageTypes.ControlFlush] = ProtocolJsonContext.Default.ControlFlushMessage,
        [MessageTypes.ControlUtteranceCancelled] = ProtocolJsonContext.Default.ControlUtteranceCancelledMessage,
        [MessageTypes.Transcription] = ProtocolJsonContext.Default.TranscriptionMessage,
        [MessageTypes.LanguageDetection] = ProtocolJsonContext.Default.LanguageDetectionMessage,
        [MessageTypes.Error] = ProtocolJsonContext.Default.ErrorMessage,
        [MessageTypes.Disconnect] = ProtocolJsonContext.Default.DisconnectMessage,
        [MessageTypes.StreamStatus] = ProtocolJsonContext.Default.StreamStatusMessage,
        [MessageTypes.HealthCheck] = ProtocolJsonContext.Default.HealthCheckMessage,
    };

    /// <summary>The message as JSON text (for a WebSocket text frame).</summary>
    /// <exception cref="ArgumentException">A number is NaN or infinite (JSON cannot carry it): clamp engine values first.</exception>
    public static string Serialize(ProtocolMessage message) =>
        JsonSerializer.Serialize(message, TypeInfoOf(message));

    /// <summary>The message as UTF-8 JSON bytes (for a WebSocket text frame).</summary>
    /// <exception cref="ArgumentException">A number is NaN or infinite (JSON cannot carry it): clamp engine values first.</exception>
    public static byte[] SerializeToUtf8Bytes(ProtocolMessage message) =>
        JsonSerializer.SerializeToUtf8Bytes(message, TypeInfoOf(message));

    /// <summary>Parses one JSON text frame. See <see cref="TryParse(ReadOnlySpan{byte}, out ProtocolMessage?, out string?)"/>.</summary>
    public static bool TryParse(string json, [NotNullWhen(true)] out ProtocolMessage? message, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        return TryParse(Encoding.UTF8.GetBytes(json), out message, out error);
    }

    /// <summary>
    /// Parses one JSON text frame into its message. On failure <paramref name="error"/> says what
    /// is wrong, e.g. <c>invalid JSON at byte 7: …</c>, <c>missing field 'type'</c>,
    /// <c>unknown message type 'foo'</c>, <c>field 'sample_rate_hz' must be an integer</c>,
    /// <c>field 'options.beam_size' must be a positive integer</c>. Never throws on bad input.
    /// Unknown fields are ignored; null counts as absent for optional fields; a missing
    /// <c>timestamp</c> reads as 0.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out ProtocolMessage? message, [NotNullWhen(false)] out string? error)
    {
        message = null;
        if (!Utf8.IsValid(utf8Json))
        {
            error = InvalidJson(FirstInvalidUtf8Offset(utf8Json), "invalid UTF-8");
            return false;
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                error = InvalidJson(reader.TokenStartIndex, "unexpected data after the message");
                return false;
            }
        }
        catch (JsonException ex)
        {
            error = InvalidJson(utf8Json, ex);
            return false;
        }

        using (document)
        {
            return TryParse(document.RootElement, out message, out error);
        }
    }

    private static bool TryParse(JsonElement root, [NotNullWhen(true)] out ProtocolMessage? message, [NotNullWhen(false)] out string? error)
    {
        message = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = $"message must be a JSON object, not {Describe(root.ValueKind)}";
            return false;
        }

        if (!root.TryGetProperty("type", out var typeElement))
        {
            error = "missing field 'type'";
            return false;
        }

        if (typeElement.ValueKind != JsonValueKind.String)
        {
            error = "field 'type' must be a string";
            return false;
        }

        var type = typeElement.GetString()!;
        if (!s_typeInfoByType.TryGetValue(type, out var typeInfo))
        {
            error = $"unknown message type '{Truncate(type)}'";
            return false;
        }

        error = MessageShapeValidator.Validate(root, typeInfo, pathPrefix: "");
        if (error is not null)
        {
            return false;
        }

        try
        {
            message = (ProtocolMessage?)root.Deserialize(typeInfo);
        }
        catch (JsonException ex)
        {
            // The shape check should have caught this; report rather than throw.
            error = $"invalid '{type}' message: {StripPosition(ex.Message)}";
            return false;
        }

        if (message is null)
        {
            error = $"invalid '{type}' message";
            return false;
        }

        error = CheckValues(message);
        if (error is not null)
        {
            message = null;
            return false;
        }

        return true;
    }

    private static string? CheckValues(ProtocolMessage message)
    {
        if (message is SetupMessage { Options: { } options })
        {
            if (options.BeamSize is <= 0)
            {
                return "field 'options.beam_size' must be a positive integer";
            }

            if (options.SendLastNSegments is <= 0)
            {
                return "field 'options.send_last_n_segments' must be a positive integer";
            }
        }

        return null;
    }

    private static JsonTypeInfo TypeInfoOf(ProtocolMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return s_typeInfoByType[message.Type];
    }

    private static string InvalidJson(ReadOnlySpan<byte> utf8Json, JsonException ex)
    {
        // The reader reports (line, byte in line); the server reports one absolute offset.
        long offset = 0;
        var line = ex.LineNumber ?? 0;
        for (var i = 0; i < utf8Json.Length && line > 0; i++)
        {
            if (utf8Json[i] == (byte)'\n')
            {
                line--;
                offset = i + 1;
            }
        }

        return InvalidJson(offset + (ex.BytePositionInLine ?? 0), StripPosition(ex.Message));
    }

    private static int FirstInvalidUtf8Offset(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                break;
            }

            offset += consumed;
        }

        return offset;
    }

    private static string InvalidJson(long byteOffset, string reason) =>
        string.Create(CultureInfo.InvariantCulture, $"invalid JSON at byte {byteOffset}: {reason}");

    private static string StripPosition(string readerMessage)
    {
        var index = readerMessage.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = index >= 0 ? readerMessage[..index] : readerMessage;
        return text.TrimEnd().TrimEnd('.');
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
