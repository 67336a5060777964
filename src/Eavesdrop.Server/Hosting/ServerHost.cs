using Eavesdrop.Engine.Abstractions;
using Eavesdrop.Server.Configuration;
using Eavesdrop.Server.Inference;
using Eavesdrop.Server.Ingest;
using Eavesdrop.Server.Sessions;
using Eavesdrop.Server.Streams;
using Eavesdrop.Server.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Hosting;

/// <summary>
/// Builds the Kestrel host around an already-loaded engine (the engine is loaded before the
/// listener opens, so <c>server_ready</c> never waits on a model). Used by <see cref="ServerApp"/>
/// and, with other engines, by in-process tests.
/// </summary>
internal static class ServerHost
{
    public static WebApplication Build(
        EavesdropOptions options,
        ISpeechEngine engine,
        IVoiceActivityDetector? vad,
        ILoggerFactory loggerFactory,
        Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Eavesdrop" });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.Server.ShutdownTimeout + TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
        });
        builder.WebHost.UseUrls($"http://{FormatHost(options.Server.Host)}:{options.Server.Port}");
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(engine);
        builder.Services.AddSingleton(sp => new InferenceScheduler(
            engine,
            options.Engine.MaxConcurrentInferences ?? engine.Capabilities.PreferredConcurrency,
            options.Engine.MaxBatchSize,
            loggerFactory.CreateLogger<InferenceScheduler>()));
        builder.Services.AddSingleton(sp => new SessionServices(
            options,
            engine,
            sp.GetRequiredService<InferenceScheduler>(),
            vad,
            new SessionSettingsResolver(options, engine),
            sp.GetRequiredService<TimeProvider>(),
            loggerFactory));
        if (options.Streams.Count > 0)
        {
            // RTSP streams: one client + worker per stream, started and stopped with the host
            builder.Services.AddSingleton<IProcessRunner>(SystemProcessRunner.Instance);
            builder.Services.AddSingleton<StreamHubs>();
            builder.Services.AddSingleton<StreamSupervisor>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<StreamSupervisor>());
            builder.Services.AddSingleton<ISubscriberHandler, StreamSubscriberHandler>();
            builder.Services.AddSingleton(sp => new StatusEndpoint(
                options, sp.GetRequiredService<WebSocketEndpoint>(), sp.GetRequiredService<StreamSupervisor>(), sp.GetRequiredService<StreamHubs>()));
        }
        else
        {
            builder.Services.AddSingleton<ISubscriberHandler, NoStreamsSubscriberHandler>();
            builder.Services.AddSingleton(sp => new StatusEndpoint(options, sp.GetRequiredService<WebSocketEndpoint>()));
        }

        builder.Services.AddSingleton<WebSocketEndpoint>();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        var endpoint = app.Services.GetRequiredService<WebSocketEndpoint>();
        app.Map("/", (HttpContext context) => endpoint.HandleAsync(context));
        app.Map("/ws", (HttpContext context) => endpoint.HandleAsync(context));
        var status = app.Services.GetRequiredService<StatusEndpoint>();
        app.MapGet("/status", (HttpContext context) => status.HandleAsync(context));
        return app;
    }

    /// <summary>The address Kestrel actually bound (port 0 becomes a real port).</summary>
    public static Uri GetListeningUri(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var http = new Uri(addresses.First());
        return new UriBuilder(http) { Scheme = "ws" }.Uri;
    }

    private static string FormatHost(string host) => host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
}
