using System.Text.Json;
using Eavesdrop.Tests.Common.Processes;

namespace Eavesdrop.EndToEnd.Tests.Rtsp;

/// <summary>Reads the server's <c>--json-logs</c> lines (Serilog compact JSON on stderr).</summary>
internal static class ServerLog
{
    public const int Transcribing = 4002;
    public const int Reconnecting = 4003;
    public const int SegmentCompleted = 4100;

    /// <summary>The event, when <paramref name="line"/> is a JSON log line with event id <paramref name="eventId"/> of <paramref name="stream"/>.</summary>
    public static JsonElement? Match(string line, int eventId, string stream)
    {
        if (!line.StartsWith('{') || !line.Contains($"\"Id\":{eventId},", StringComparison.Ordinal))
        {
            return null;
        }

        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        return root.TryGetProperty("stream", out var name) && name.GetString() == stream
            && root.GetProperty("EventId").GetProperty("Id").GetInt32() == eventId
            ? root.Clone()
            : null;
    }

    public static IReadOnlyList<JsonElement> Events(EavesdropProcess process, int eventId, string stream) =>
        process.StandardErrorLines.Select(l => Match(l, eventId, stream)).OfType<JsonElement>().ToList();

    /// <summary>The completed segments the server logged for <paramref name="stream"/>, in order.</summary>
    public static IReadOnlyList<(double Start, double End, int Epoch, string Text)> CompletedSegments(EavesdropProcess process, string stream) =>
        Events(process, SegmentCompleted, stream)
            .Select(e => (e.GetProperty("Start").GetDouble(), e.GetProperty("End").GetDouble(), e.GetProperty("Epoch").GetInt32(), e.GetProperty("Text").GetString()!))
            .ToList();

    /// <summary>Waits for a log event of <paramref name="stream"/> that satisfies <paramref name="predicate"/>.</summary>
    public static async Task<JsonElement> WaitForAsync(
        EavesdropProcess process, int eventId, string stream, Func<JsonElement, bool>? predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var line = await process.WaitForLineAsync(
            l => Match(l, eventId, stream) is { } e && (predicate is null || predicate(e)),
            OutputSource.StandardError,
            timeout,
            cancellationToken);
        return Match(line, eventId, stream)!.Value;
    }
}
