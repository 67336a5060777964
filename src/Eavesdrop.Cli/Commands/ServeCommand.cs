using System.CommandLine;

namespace Eavesdrop.Cli.Commands;

/// <summary><c>eavesdrop serve</c> (placeholder until its issue lands).</summary>
internal static class ServeCommand
{
    public static Command Create() => new("serve", "Not implemented yet.");
}
