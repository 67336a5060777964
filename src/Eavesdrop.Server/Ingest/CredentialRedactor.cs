using System.Text.RegularExpressions;

namespace Eavesdrop.Server.Ingest;

/// <summary>
/// Removes the credentials of one stream URL (<c>rtsp://user:pass@host/…</c>) from any text: the URL
/// itself, ffmpeg's stderr (which echoes the URL) and exception messages.
/// </summary>
internal sealed partial class CredentialRedactor
{
    public const string Mask = "***";

    // A password this short would mask ordinary words; the URL pattern still removes it from URLs.
    private const int MinimumLiteralLength = 3;

    private readonly string[] _secrets;

    public CredentialRedactor(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var userInfo = url.IsAbsoluteUri ? url.UserInfo : string.Empty;
        var secrets = new List<string>();
        if (userInfo.Length > 0)
        {
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            var password = colon < 0 ? string.Empty : userInfo[(colon + 1)..];
            secrets.Add(userInfo);
            secrets.Add(Uri.UnescapeDataString(userInfo));
            secrets.Add(password);
            secrets.Add(Uri.UnescapeDataString(password));
        }

        _secrets = [.. secrets.Where(s => s.Length >= MinimumLiteralLength).Distinct().OrderByDescending(s => s.Length)];
        RedactedUrl = Redact(url.OriginalString);
    }

    /// <summary>The stream URL with any user info replaced by <see cref="Mask"/>; safe to log.</summary>
    public string RedactedUrl { get; }

    /// <summary><paramref name="text"/> with URL user info and this stream's password masked.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = UserInfoInUrl().Replace(text, "${scheme}" + Mask + "@");
        foreach (var secret in _secrets)
        {
            result = result.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return result;
    }

    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)[^/\s@]+@")]
    private static partial Regex UserInfoInUrl();
}
