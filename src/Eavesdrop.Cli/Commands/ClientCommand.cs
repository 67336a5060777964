using System.CommandLine;

namespace Eavesdrop.Cli.Commands;

/// <summary><c>eavesdrop client</c> (placeholder until its issue lands).</summary>
internal static class ClientCommand
{
    public static Command Create() => new("client", "Not implemented yet.");
}
