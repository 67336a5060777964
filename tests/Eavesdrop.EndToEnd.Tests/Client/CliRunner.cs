using System.CommandLine;
using Eavesdrop.Cli.Commands;

namespace Eavesdrop.EndToEnd.Tests.Client;

/// <summary>Runs the real <c>eavesdrop client</c> command in-process, capturing its output.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand { ClientCommand.Create() };
        var parseResult = root.Parse(args);
        Assert.Empty(parseResult.Errors);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await parseResult.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString(), error.ToString());
    }

    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
