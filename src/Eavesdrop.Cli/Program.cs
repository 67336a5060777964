using System.CommandLine;
using Eavesdrop.Cli;
using Eavesdrop.Cli.Commands;

var root = new RootCommand("Eavesdrop: real-time speech transcription server for WebSocket clients and RTSP streams.")
{
    ServeCommand.Create(),
    ClientCommand.Create(),
    TranscribeCommand.Create(),
};

var parseResult = root.Parse(args);
if (parseResult.Errors.Count > 0)
{
    foreach (var error in parseResult.Errors)
    {
        Console.Error.WriteLine($"eavesdrop: {error.Message}");
    }

    Console.Error.WriteLine("Run 'eavesdrop --help' for usage.");
    return ExitCodes.BadArguments;
}

// SIGINT/SIGTERM cancel the command's token; the server then shuts down gracefully within its
// own shutdown timeout. System.CommandLine's default of killing the process 2 s after the
// signal would cut that short, so it only steps in when something is truly stuck.
return await parseResult.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });
