using Eavesdrop.Tests.Common.Processes;

namespace Eavesdrop.EndToEnd.Tests.Cli;

/// <summary>A finished run of the real <c>eavesdrop serve</c> on a free loopback port, with the config file it was given.</summary>
internal sealed record ServeRun(EavesdropProcess Process, int Port, string? ConfigPath) : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Writes <paramref name="yaml"/> (unless null) to a temporary file and runs <c>serve --config FILE --port PORT</c> plus <paramref name="extraArguments"/>.</summary>
    public static async Task<ServeRun> WithConfigTextAsync(string? yaml, params string[] extraArguments)
    {
        string? path = null;
        if (yaml is not null)
        {
            path = Path.Combine(Path.GetTempPath(), $"eavesdrop-e2e-{Guid.NewGuid():N}.yaml");
            await File.WriteAllTextAsync(path, yaml, TestContext.Current.CancellationToken);
        }

        return await WithArgumentsAsync(path, path is null ? extraArguments : ["--config", path, .. extraArguments]);
    }

    /// <summary>Runs <c>serve</c> with <paramref name="arguments"/>, adding <c>--port FREE</c> unless they hold a <c>--port</c>.</summary>
    public static async Task<ServeRun> WithArgumentsAsync(string? configPath, params string[] arguments)
    {
        var port = LoopbackPorts.GetFree();
        string[] portArguments = arguments.Contains("--port") ? [] : ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        var process = await EavesdropProcess.RunAsync(
            ["serve", .. portArguments, .. arguments],
            Timeout,
            TestContext.Current.CancellationToken);
        return new ServeRun(process, port, configPath);
    }

    /// <summary>The human-format Critical lines (<c>… CRT …</c>) on stderr.</summary>
    public IReadOnlyList<string> CriticalLines => Process.StandardErrorLines.Where(l => l.Contains(" CRT ", StringComparison.Ordinal)).ToList();

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        if (ConfigPath is not null && File.Exists(ConfigPath))
        {
            File.Delete(ConfigPath);
        }
    }
}
