namespace Eavesdrop.Protocol;

/// <summary>
/// The values of the <c>X-Client-Type</c> header (or <c>client_type</c> query parameter) and
/// the parsing of them and of the stream-name list.
/// </summary>
public static class ClientKinds
{
    public const string Transcriber = "transcriber";
    public const string RtspSubscriber = "rtsp_subscriber";
    public const string HealthCheck = "health_check";

    /// <summary>The wire value of <paramref name="kind"/>.</summary>
    public static string ToWireValue(ClientKind kind) => kind switch
    {
        ClientKind.Transcriber => Transcriber,
        ClientKind.RtspSubscriber => RtspSubscriber,
        ClientKind.HealthCheck => HealthCheck,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown client kind."),
    };

    /// <summary>
    /// Parses a header or query value. Absent or blank means <see cref="ClientKind.Transcriber"/>;
    /// values compare case-insensitively. False for an unknown value.
    /// </summary>
    public static bool TryParse(string? value, out ClientKind kind)
    {
        kind = ClientKind.Transcriber;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        var trimmed = value.Trim();
        if (trimmed.Equals(Transcriber, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (trimmed.Equals(RtspSubscriber, StringComparison.OrdinalIgnoreCase))
        {
            kind = ClientKind.RtspSubscriber;
            return true;
        }

        if (trimmed.Equals(HealthCheck, StringComparison.OrdinalIgnoreCase))
        {
            kind = ClientKind.HealthCheck;
            return true;
        }

        return false;
    }

    /// <summary>Splits <c>office, kitchen</c> into trimmed, non-empty, distinct names in order.</summary>
    public static IReadOnlyList<string> ParseStreamNames(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var names = new List<string>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!names.Contains(part, StringComparer.Ordinal))
            {
                names.Add(part);
            }
        }

        return names;
    }

    /// <summary>The <c>X-Stream-Names</c> value for <paramref name="names"/>.</summary>
    public static string FormatStreamNames(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return string.Join(',', names);
    }
}
