namespace Eavesdrop.Cli.Client;

/// <summary>Parses <c>--url</c>: <c>ws://</c> or <c>wss://</c> (<c>http(s)://</c> is taken to mean the same).</summary>
internal static class ServerAddress
{
    public const string Default = "ws://127.0.0.1:9090/";

    public static bool TryParse(string? value, out Uri uri, out string error)
    {
        uri = null!;
        error = "";
        if (!Uri.TryCreate(value, UriKind.Absolute, out var parsed))
        {
            error = $"'{value}' is not an absolute URL (example: {Default}).";
            return false;
        }

        var scheme = parsed.Scheme switch
        {
            "ws" or "http" => "ws",
            "wss" or "https" => "wss",
            _ => null,
        };
        if (scheme is null)
        {
            error = $"'{value}' must start with ws:// or wss://.";
            return false;
        }

        uri = new UriBuilder(parsed) { Scheme = scheme, Port = parsed.IsDefaultPort ? -1 : parsed.Port }.Uri;
        return true;
    }
}
