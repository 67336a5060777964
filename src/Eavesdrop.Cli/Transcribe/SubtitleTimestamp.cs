using System.Globalization;

namespace Eavesdrop.Cli.Transcribe;

/// <summary>Subtitle clock times: SRT <c>00:01:02,345</c>, WebVTT <c>00:01:02.345</c>.</summary>
internal static class SubtitleTimestamp
{
    public static string Srt(double seconds) => Format(seconds, ',');

    public static string Vtt(double seconds) => Format(seconds, '.');

    private static string Format(double seconds, char decimalMark)
    {
        var totalMilliseconds = (long)Math.Round(Math.Max(0, seconds) * 1000, MidpointRounding.AwayFromZero);
        var hours = totalMilliseconds / 3_600_000;
        var minutes = totalMilliseconds / 60_000 % 60;
        var secs = totalMilliseconds / 1000 % 60;
        var millis = totalMilliseconds % 1000;
        return string.Create(CultureInfo.InvariantCulture, $"{hours:00}:{minutes:00}:{secs:00}{decimalMark}{millis:000}");
    }
}
