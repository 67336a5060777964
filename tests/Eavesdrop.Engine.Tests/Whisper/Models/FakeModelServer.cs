using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Engine.Tests.Whisper.Models;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers like Hugging Face: <c>/{repo}/resolve/{rev}/{path}</c>,
/// small files served directly with a Git-SHA-1 ETag, <c>.onnx</c>/<c>.onnx_data</c> files redirected
/// to <c>/cdn/…</c> with <c>X-Linked-Size</c> and <c>X-Linked-Etag</c> (their SHA-256), Range support,
/// and switches to break a transfer, corrupt a hash, or hide a file.
/// </summary>
internal sealed class FakeModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _abortAfterBytes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _publishedSha = new(StringComparer.Ordinal);

    private FakeModelServer(WebApplication app) => _app = app;

    public string Repository { get; private init; } = "test-org/whisper-fake";

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request: method, path, Range header (or null).</summary>
    public ConcurrentQueue<(string Method, string Path, string? Range)> Requests { get; } = new();

    public static async Task<FakeModelServer> StartAsync(IReadOnlyDictionary<string, byte[]> files, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeModelServer(app);
        foreach (var (path, content) in files)
        {
            server._files[path] = content;
        }

        app.MapMethods("/{**path}", ["GET", "HEAD"], server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = new Uri(address + "/");
        return server;
    }

    /// <summary>The next GET of <paramref name="path"/>'s content sends this many bytes, then drops the connection.</summary>
    public void AbortOnceAfter(string path, long bytes) => _abortAfterBytes[path] = bytes;

    /// <summary>Publish a wrong SHA-256 for <paramref name="path"/> (its body stays the same).</summary>
    public void PublishWrongSha(string path) => _publishedSha[path] = new string('0', 64);

    public void Remove(string path) => _files.TryRemove(path, out _);

    public int CountGets(string path) => Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/" + path, StringComparison.Ordinal));

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var requestPath = context.Request.Path.Value!.TrimStart('/');
        Requests.Enqueue((context.Request.Method, requestPath, context.Request.Headers.Range.FirstOrDefault()));

        var isCdn = requestPath.StartsWith("cdn/", StringComparison.Ordinal);
        var prefix = (isCdn ? "cdn/" : "") + Repository + "/resolve/main/";
        if (!requestPath.StartsWith(prefix, StringComparison.Ordinal) || !_files.TryGetValue(requestPath[prefix.Length..], out var content))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.Headers["X-Error-Code"] = "EntryNotFound";
            return;
        }

        var filePath = requestPath[prefix.Length..];
        var isLfs = filePath.EndsWith(".onnx", StringComparison.Ordinal) || filePath.EndsWith(".onnx_data", StringComparison.Ordinal);
        if (isLfs && !isCdn)
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = "/cdn/" + requestPath;
            context.Response.Headers["X-Linked-Size"] = content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["X-Linked-Etag"] = $"\"{_publishedSha.GetValueOrDefault(filePath) ?? Convert.ToHexStringLower(SHA256.HashData(content))}\"";
            return;
        }

        context.Response.Headers.ETag = isCdn ? "\"cdn-" + content.Length + "\"" : $"\"{Convert.ToHexStringLower(SHA1.HashData(content))}\"";
        context.Response.Headers.AcceptRanges = "bytes";
        long start = 0;
        var range = context.Request.Headers.Range.FirstOrDefault();
        if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (start >= content.Length)
            {
                context.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                return;
            }

            context.Response.StatusCode = StatusCodes.Status206PartialContent;
            context.Response.Headers.ContentRange = $"bytes {start}-{content.Length - 1}/{content.Length}";
        }

        context.Response.ContentLength = content.Length - start;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        if (_abortAfterBytes.TryRemove(filePath, out var abortAfter))
        {
            var sent = (int)Math.Min(abortAfter, content.Length - start);
            await context.Response.Body.WriteAsync(content.AsMemory((int)start, sent));
            await context.Response.Body.FlushAsync();
            context.Abort();
            return;
        }

        await context.Response.Body.WriteAsync(content.AsMemory((int)start));
    }
}
