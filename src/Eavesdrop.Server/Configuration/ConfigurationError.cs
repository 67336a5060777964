using System.Globalization;
using System.Text;

namespace Eavesdrop.Server.Configuration;

/// <summary>
/// One problem found in a configuration file. <see cref="KeyPath"/> is the dotted YAML path
/// (<c>server.port</c>, <c>streams.office</c>); it and the position are null when unknown
/// (a missing file has neither).
/// </summary>
public sealed record ConfigurationError(string File, string? KeyPath, int? Line, int? Column, string Message)
{
    /// <summary><c>FILE:LINE:COLUMN: KEY: MESSAGE</c>, leaving out the parts that are unknown.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(File);
        if (Line is { } line)
        {
            text.Append(CultureInfo.InvariantCulture, $":{line}");
            if (Column is { } column)
            {
                text.Append(CultureInfo.InvariantCulture, $":{column}");
            }
        }

        text.Append(": ");
        if (!string.IsNullOrEmpty(KeyPath))
        {
            text.Append(KeyPath).Append(": ");
        }

        return text.Append(Message).ToString();
    }
}
