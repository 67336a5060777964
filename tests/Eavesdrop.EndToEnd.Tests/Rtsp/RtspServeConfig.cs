using System.Globalization;
using System.Text;

namespace Eavesdrop.EndToEnd.Tests.Rtsp;

/// <summary>Writes the YAML the tests start <c>eavesdrop serve --config</c> with: short RTSP delays, the given streams.</summary>
internal static class RtspServeConfig
{
    public static string Write(string directory, IEnumerable<(string Name, Uri Url)> streams)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("streams:");
        foreach (var (name, url) in streams)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  {name}: \"{url.OriginalString}\"").AppendLine();
        }

        yaml.AppendLine("rtsp:");
        yaml.AppendLine("  reconnect_delay_seconds: 2");
        yaml.AppendLine("  no_data_timeout_seconds: 3");
        yaml.AppendLine("  stop_grace_period_seconds: 3");
        // fewer re-transcriptions of the growing tail: PocketSphinx on a loaded machine is slow
        yaml.AppendLine("streaming:");
        yaml.AppendLine("  interval_seconds: 1.5");
        yaml.AppendLine("server:");
        yaml.AppendLine("  shutdown_timeout_seconds: 10");
        var path = Path.Combine(directory, $"eavesdrop-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml.ToString());
        return path;
    }
}
