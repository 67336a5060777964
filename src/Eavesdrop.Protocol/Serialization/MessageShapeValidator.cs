using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Eavesdrop.Protocol.Serialization;

/// <summary>
/// Checks a parsed JSON object against the shape of a wire type (required fields present,
/// every known field of the right JSON type) before it is deserialized, so that a bad message
/// gets an error naming the field instead of a serializer exception. Unknown fields are ignored,
/// and null counts as absent for optional fields.
/// </summary>
internal static class MessageShapeValidator
{
    private static readonly Dictionary<Type, string[]> s_enumNames = new()
    {
        [typeof(SourceMode)] = ["live", "file"],
        [typeof(TranscriptionTask)] = ["transcribe", "translate"],
        [typeof(StreamStatus)] = ["online", "offline", "error"],
    };

    public static string? Validate(JsonElement obj, JsonTypeInfo typeInfo, string pathPrefix)
    {
        foreach (var property in typeInfo.Properties)
        {
            if (property.Set is null)
            {
                continue; // computed (type, avg_probability, duration): ignored when parsing
            }

            var path = pathPrefix + property.Name;
            if (!obj.TryGetProperty(property.Name, out var value))
            {
                if (property.IsRequired)
                {
                    return $"missing field '{path}'";
                }

                continue;
            }

            var error = ValidateValue(value, property.PropertyType, path, property.IsRequired);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static string? ValidateValue(JsonElement value, Type type, string path, bool required)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (value.ValueKind == JsonValueKind.Null)
        {
            var nullable = underlying is not null || !type.IsValueType;
            return nullable && !required ? null : TypeError(path, underlying ?? type);
        }

        type = underlying ?? type;
        var ok = type switch
        {
            _ when type == typeof(string) => value.ValueKind == JsonValueKind.String,
            _ when type == typeof(bool) => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            _ when type == typeof(int) => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
            _ when type == typeof(ulong) => value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out _),
            _ when type == typeof(double) => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out _),
            _ when s_enumNames.TryGetValue(type, out var names) =>
                value.ValueKind == JsonValueKind.String && names.Contains(value.GetString(), StringComparer.Ordinal),
            _ => true,
        };
        if (!ok)
        {
            return TypeError(path, type);
        }

        if (ElementTypeOf(type) is { } elementType)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                return TypeError(path, type);
            }

            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                var error = ValidateValue(item, elementType, string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]"), required: true);
                if (error is not null)
                {
                    return error;
                }

                index++;
            }

            return null;
        }

        if (IsObjectType(type))
        {
            return value.ValueKind == JsonValueKind.Object
                ? Validate(value, ProtocolJsonContext.Default.GetTypeInfo(type)!, path + ".")
                : TypeError(path, type);
        }

        return null;
    }

    private static Type? ElementTypeOf(Type type) =>
        type == typeof(IReadOnlyList<int>) ? typeof(int)
        : type == typeof(IReadOnlyList<string>) ? typeof(string)
        : type == typeof(IReadOnlyList<Segment>) ? typeof(Segment)
        : type == typeof(IReadOnlyList<Word>) ? typeof(Word)
        : null;

    private static bool IsObjectType(Type type) =>
        type == typeof(SessionOptionsMessage) || type == typeof(Segment) || type == typeof(Word);

    private static string TypeError(string path, Type type)
    {
        string expected = type switch
        {
            _ when type == typeof(string) => "a string",
            _ when type == typeof(bool) => "a boolean",
            _ when type == typeof(int) => "an integer",
            _ when type == typeof(ulong) => "an unsigned 64-bit integer",
            _ when type == typeof(double) => "a number",
            _ when s_enumNames.TryGetValue(type, out var names) => "one of " + string.Join(", ", names.Select(n => $"'{n}'")),
            _ when ElementTypeOf(type) is not null => "an array",
            _ => "an object",
        };
        return $"field '{path}' must be {expected}";
    }
}
