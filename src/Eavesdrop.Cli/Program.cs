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

return await parseResult.InvokeAsync();
