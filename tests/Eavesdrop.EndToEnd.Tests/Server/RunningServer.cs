using System.Text.RegularExpressions;
using Eavesdrop.Tests.Common.Processes;

namespace Eavesdrop.EndToEnd.Tests.Server;

/// <summary>The real <c>eavesdrop serve</c> executable on 127.0.0.1 with a free port.</summary>
internal sealed partial class RunningServer : IAsyncDisposable
{
    private RunningServer(EavesdropProcess process, Uri uri)
    {
        Process = process;
        Uri = uri;
    }

    public EavesdropProcess Process { get; }

    public Uri Uri { get; }

    public static async Task<RunningServer> StartAsync(params string[] extraArguments)
    {
        string[] engine = extraArguments.Contains("--engine") ? [] : ["--engine", "sphinx"];
        string[] arguments = ["serve", .. engine, "--host", "127.0.0.1", "--port", "0", "--log-level", "debug", .. extraArguments];
        var process = EavesdropProcess.Start(arguments);
        try
        {
            var line = await process.WaitForLineAsync(l => l.Contains("Listening on", StringComparison.Ordinal), timeout: TimeSpan.FromSeconds(90));
            var match = ListeningAddress().Match(line);
            Assert.True(match.Success, line);
            return new RunningServer(process, new Uri(match.Value));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    [GeneratedRegex(@"ws://127\.0\.0\.1:\d+/")]
    private static partial Regex ListeningAddress();

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
