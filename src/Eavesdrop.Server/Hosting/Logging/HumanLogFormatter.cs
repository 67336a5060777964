using System.Globalization;
using System.Text.Json;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace Eavesdrop.Server.Hosting.Logging;

/// <summary>
/// One line per event for people: UTC timestamp, level, category, the rendered message, then every
/// property the message does not already show (scope values such as <c>stream</c> and
/// <c>session_id</c>) as <c>key=value</c>; an exception follows on its own lines.
/// </summary>
/// <example><c>2026-11-24T04:16:45.123Z INF Eavesdrop.Ingest: Connecting stream=office attempt=1</c></example>
internal sealed class HumanLogFormatter : ITextFormatter
{
    private const string SourceContext = "SourceContext";

    /// <summary>Added by Microsoft.Extensions.Logging to every event; the message already says what happened.</summary>
    private static readonly HashSet<string> s_hidden = new(StringComparer.Ordinal) { SourceContext, "EventId", "{OriginalFormat}" };

    private readonly MessageTemplateTextFormatter _message = new("{Message:lj}", CultureInfo.InvariantCulture);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);

        output.Write(logEvent.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        output.Write(' ');
        output.Write(LevelName(logEvent.Level));
        output.Write(' ');
        if (logEvent.Properties.TryGetValue(SourceContext, out var context) && context is ScalarValue { Value: string category })
        {
            output.Write(category);
            output.Write(": ");
        }

        _message.Format(logEvent, output);

        var shownInMessage = logEvent.MessageTemplate.Tokens
            .OfType<Serilog.Parsing.PropertyToken>()
            .Select(token => token.PropertyName)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in logEvent.Properties)
        {
            if (s_hidden.Contains(name) || shownInMessage.Contains(name))
            {
                continue;
            }

            output.Write(' ');
            output.Write(name);
            output.Write('=');
            WriteValue(value, output);
        }

        output.WriteLine();
        if (logEvent.Exception is not null)
        {
            output.WriteLine(logEvent.Exception);
        }
    }

    /// <summary>The names of Microsoft.Extensions.Logging's levels, which <c>--log-level</c> takes.</summary>
    internal static string LevelName(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "TRC",
        LogEventLevel.Debug => "DBG",
        LogEventLevel.Information => "INF",
        LogEventLevel.Warning => "WRN",
        LogEventLevel.Error => "ERR",
        _ => "CRT",
    };

    private static void WriteValue(LogEventPropertyValue value, TextWriter output)
    {
        if (value is ScalarValue { Value: string text })
        {
            // Bare when unambiguous, JSON-quoted when it holds spaces, quotes or '='.
            var bare = text.Length > 0 && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '=');
            output.Write(bare ? text : JsonSerializer.Serialize(text));
            return;
        }

        value.Render(output, null, CultureInfo.InvariantCulture);
    }
}
