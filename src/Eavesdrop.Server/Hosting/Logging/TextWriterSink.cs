using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Eavesdrop.Server.Hosting.Logging;

/// <summary>Writes formatted events to any <see cref="TextWriter"/>, one whole event at a time.</summary>
internal sealed class TextWriterSink(ITextFormatter formatter, TextWriter output) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        var line = new StringWriter();
        formatter.Format(logEvent, line);
        lock (_gate)
        {
            output.Write(line.ToString());
            output.Flush();
        }
    }
}
