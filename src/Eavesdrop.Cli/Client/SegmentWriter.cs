using System.Globalization;
using System.Text;
using System.Text.Json;
using Eavesdrop.Protocol;

namespace Eavesdrop.Cli.Client;

/// <summary>Prints completed segments: <c>[  1.20s →   4.00s] text</c>, or one JSON object per line.</summary>
internal sealed class SegmentWriter(TextWriter output, bool json)
{
    public void Write(Segment segment, string? stream = null)
    {
        if (json)
        {
            output.WriteLine(ToJson(segment, stream));
            return;
        }

        var prefix = stream is null ? "" : $"[{stream}] ";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{prefix}[{segment.Start,7:0.00}s → {segment.End,7:0.00}s] {segment.Text.Trim()}"));
    }

    private static string ToJson(Segment segment, string? stream)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (stream is not null)
            {
                writer.WriteString("stream", stream);
            }

            writer.WriteNumber("id", segment.Id);
            writer.WriteNumber("start", segment.Start);
            writer.WriteNumber("end", segment.End);
            writer.WriteString("text", segment.Text.Trim());
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
