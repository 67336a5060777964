using System.CommandLine;

namespace Eavesdrop.Cli.Commands;

/// <summary><c>eavesdrop transcribe</c> (placeholder until its issue lands).</summary>
internal static class TranscribeCommand
{
    public static Command Create() => new("transcribe", "Not implemented yet.");
}
