using System.Net;
using System.Net.Http.Headers;
using Eavesdrop.Engine.Abstractions;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Engine.Whisper.Models;

/// <summary>
/// HTTP side of the model store: asks a Hugging Face–style server for a file's size and SHA-256,
/// and transfers it into a <c>.partial</c> file, resuming with <c>Range</c> after an interruption.
/// </summary>
/// <remarks>
/// Redirects are followed by hand: Hugging Face answers <c>/resolve/</c> for Git LFS files with a
/// redirect to its CDN that carries <c>X-Linked-Size</c> and <c>X-Linked-Etag</c> (the LFS SHA-256);
/// an automatic redirect would drop those headers, and the access token must not follow to the CDN.
/// </remarks>
internal sealed class ModelDownloader : IDisposable
{
    private const int MaxRedirects = 8;
    private const int BufferSize = 1 << 16;

    private readonly HttpClient _http;
    private readonly ModelStoreOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _baseUrl;

    public ModelDownloader(ModelStoreOptions options, ILogger logger, TimeProvider timeProvider, HttpMessageHandler? handler = null)
    {
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
        _baseUrl = options.BaseUrl.AbsoluteUri.EndsWith('/') ? options.BaseUrl : new Uri(options.BaseUrl.AbsoluteUri + "/");
        handler ??= new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("eavesdrop-model-store/1.0");
    }

    public Uri BaseUrl => _baseUrl;

    /// <summary><c>{base}/{repo}/resolve/{revision}/{path}</c>.</summary>
    public Uri FileUri(string repository, string path)
    {
        var escapedPath = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        return new Uri(_baseUrl, $"{repository}/resolve/{Uri.EscapeDataString(_options.Revision)}/{escapedPath}");
    }

    /// <summary>Size and SHA-256 of a file, or null when the server says it does not exist (404).</summary>
    public async Task<ModelFile?> ProbeAsync(string repository, string path, CancellationToken cancellationToken = default)
    {
        var uri = FileUri(repository, path);
        string? sha256 = null;
        long? size = null;
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = CreateRequest(HttpMethod.Head, uri);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            sha256 ??= Sha256FromHeader(response, "X-Linked-Etag");
            size ??= LongFromHeader(response, "X-Linked-Size");
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                uri = new Uri(uri, location);
                continue;
            }

            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            ThrowIfFailed(response, FileUri(repository, path));
            sha256 ??= Sha256FromEtag(response.Headers.ETag);
            size ??= response.Content.Headers.ContentLength;
            if (size is null)
            {
                throw new EngineException($"{FileUri(repository, path)} did not report its size (no Content-Length or X-Linked-Size); cannot verify a download from it.");
            }

            return new ModelFile(path, size.Value, sha256);
        }

        throw new EngineException($"{FileUri(repository, path)} redirected more than {MaxRedirects} times.");
    }

    /// <summary>
    /// Brings <paramref name="partialPath"/> to <paramref name="file"/>'s full length, continuing from
    /// what is already there and retrying interrupted transfers up to <see cref="ModelStoreOptions.MaxAttempts"/> times.
    /// </summary>
    /// <param name="onBytesOnDisk">Called with the partial file's length as it grows.</param>
    public async Task DownloadAsync(string repository, ModelFile file, string partialPath, Action<long> onBytesOnDisk, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await TransferAsync(repository, file, partialPath, onBytesOnDisk, cancellationToken).ConfigureAwait(false);
                var length = new FileInfo(partialPath).Length;
                if (length == file.Size)
                {
                    return;
                }

                throw new IOException($"the transfer ended after {length} of {file.Size} bytes");
            }
            catch (Exception ex) when (IsTransient(ex, cancellationToken))
            {
                if (attempt >= _options.MaxAttempts)
                {
                    var kept = File.Exists(partialPath) ? new FileInfo(partialPath).Length : 0;
                    throw new EngineException(
                        $"Downloading {FileUri(repository, file.Path)} failed after {attempt} attempt(s): {ex.Message}. "
                        + $"{kept} of {file.Size} bytes are kept in {partialPath}; running the command again resumes from there.",
                        ex);
                }

                ModelStoreLog.TransferInterrupted(_logger, file.Path, attempt, _options.MaxAttempts, ex.Message);
                await Task.Delay(_options.RetryDelay * attempt, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A failure to connect at all (no route, refused, DNS, TLS, connect timeout), as opposed to an HTTP answer.</summary>
    public static bool IsUnreachable(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } => true,
        HttpRequestException { InnerException: System.Net.Sockets.SocketException } => true,
        OperationCanceledException when !cancellationToken.IsCancellationRequested => true,
        _ => false,
    };

    private static bool IsTransient(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        HttpRequestException => true,
        IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private async Task TransferAsync(string repository, ModelFile file, string partialPath, Action<long> onBytesOnDisk, CancellationToken cancellationToken)
    {
        var existing = File.Exists(partialPath) ? new FileInfo(partialPath).Length : 0;
        if (existing > file.Size)
        {
            File.Delete(partialPath);
            existing = 0;
        }

        if (existing == file.Size)
        {
            return;
        }

        var uri = FileUri(repository, file.Path);
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = CreateRequest(HttpMethod.Get, uri);
            if (existing > 0)
            {
                request.Headers.Range = new RangeHeaderValue(existing, null);
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                uri = new Uri(uri, location);
                continue;
            }

            switch (response.StatusCode)
            {
                case HttpStatusCode.PartialContent when response.Content.Headers.ContentRange?.From == existing:
                    ModelStoreLog.TransferResumed(_logger, file.Path, existing);
                    break;
                case HttpStatusCode.PartialContent:
                    File.Delete(partialPath);
                    throw new IOException($"the server answered a resume from byte {existing} with range {response.Content.Headers.ContentRange}");
                case HttpStatusCode.RequestedRangeNotSatisfiable:
                    File.Delete(partialPath);
                    throw new IOException($"the server refused to resume from byte {existing}");
                case HttpStatusCode.NotFound:
                    throw new EngineException($"{FileUri(repository, file.Path)} returned 404 Not Found while downloading it.");
                case HttpStatusCode.OK:
                    existing = 0;
                    break;
                default:
                    ThrowIfFailed(response, FileUri(repository, file.Path));
                    throw new IOException($"unexpected HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            await CopyBodyAsync(response, partialPath, existing, onBytesOnDisk, cancellationToken).ConfigureAwait(false);
            return;
        }

        throw new EngineException($"{FileUri(repository, file.Path)} redirected more than {MaxRedirects} times.");
    }

    private async Task CopyBodyAsync(HttpResponseMessage response, string partialPath, long existing, Action<long> onBytesOnDisk, CancellationToken cancellationToken)
    {
        var output = new FileStream(partialPath, existing > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
        await using (output.ConfigureAwait(false))
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
                using var link = cancellationToken.Register(idle.Cancel);
                var buffer = new byte[BufferSize];
                var onDisk = existing;
                while (true)
                {
                    idle.CancelAfter(_options.ReadIdleTimeout);
                    int read;
                    try
                    {
                        read = await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new IOException($"no data arrived for {_options.ReadIdleTimeout.TotalSeconds:0} s");
                    }

                    if (read == 0)
                    {
                        return;
                    }

                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    onDisk += read;
                    onBytesOnDisk(onDisk);
                }
            }
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        if (!string.IsNullOrEmpty(_options.AccessToken) && uri.Host == _baseUrl.Host && uri.Port == _baseUrl.Port)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.AccessToken);
        }

        return request;
    }

    private static void ThrowIfFailed(HttpResponseMessage response, Uri requested)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        if ((int)response.StatusCode >= 500)
        {
            throw new HttpRequestException($"{requested} answered {status}", null, response.StatusCode);
        }

        var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? " The repository may be private or gated: accept its licence on the website and set HF_TOKEN to an access token."
            : "";
        throw new EngineException($"{requested} answered {status}.{hint}");
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static long? LongFromHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && long.TryParse(values.FirstOrDefault(), out var value) ? value : null;

    private static string? Sha256FromHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? AsSha256(values.FirstOrDefault()) : null;

    private static string? Sha256FromEtag(EntityTagHeaderValue? etag) => AsSha256(etag?.Tag);

    /// <summary>An ETag is a SHA-256 when it is 64 hex digits (Git blob ETags are 40-digit SHA-1s and are ignored).</summary>
    private static string? AsSha256(string? etag)
    {
        if (etag is null)
        {
            return null;
        }

        var value = etag.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        value = value.Trim('"');
        return value.Length == 64 && value.All(char.IsAsciiHexDigit) ? value.ToLowerInvariant() : null;
    }
}
