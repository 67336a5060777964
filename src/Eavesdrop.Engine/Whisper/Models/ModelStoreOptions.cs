namespace Eavesdrop.Engine.Whisper.Models;

/// <summary>Where named models are cached and where they are downloaded from.</summary>
internal sealed record ModelStoreOptions
{
    public static Uri DefaultBaseUrl { get; } = new("https://huggingface.co/");

    /// <summary><c>$EAVESDROP_MODEL_CACHE</c>, else <c>~/.cache/eavesdrop/models</c> (<c>$XDG_CACHE_HOME</c> respected).</summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            var explicitDirectory = Environment.GetEnvironmentVariable("EAVESDROP_MODEL_CACHE");
            if (!string.IsNullOrWhiteSpace(explicitDirectory))
            {
                return Path.GetFullPath(explicitDirectory);
            }

            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var cacheRoot = string.IsNullOrWhiteSpace(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                : xdg;
            return Path.Combine(cacheRoot, "eavesdrop", "models");
        }
    }

    /// <summary>Folder holding one sub-folder per model name.</summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory;

    /// <summary>Hugging Face endpoint (or a mirror); files come from <c>{BaseUrl}/{repo}/resolve/{Revision}/{path}</c>. <c>$HF_ENDPOINT</c> overrides the default.</summary>
    public Uri BaseUrl { get; init; } = EndpointFromEnvironment() ?? DefaultBaseUrl;

    /// <summary>Branch, tag or commit of the repository.</summary>
    public string Revision { get; init; } = "main";

    public ModelVariant Variant { get; init; } = ModelVariant.Fp32;

    /// <summary>Bearer token for gated or private repositories; sent only to <see cref="BaseUrl"/>'s host. Default <c>$HF_TOKEN</c>.</summary>
    public string? AccessToken { get; init; } = Environment.GetEnvironmentVariable("HF_TOKEN");

    /// <summary>Attempts per file; each retry resumes from the bytes already on disk.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Pause before a retry, multiplied by the attempt number.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A transfer that delivers no byte for this long is treated as interrupted.</summary>
    public TimeSpan ReadIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for another process that is downloading the same model.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromHours(2);

    private static Uri? EndpointFromEnvironment()
    {
        var endpoint = Environment.GetEnvironmentVariable("HF_ENDPOINT");
        return Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri : null;
    }
}
