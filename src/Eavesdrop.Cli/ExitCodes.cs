namespace Eavesdrop.Cli;

/// <summary>Process exit codes shared by every command.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A runtime failure (engine fault, unreachable server, …).</summary>
    public const int Failure = 1;

    /// <summary>Bad command-line arguments or an invalid configuration file: nothing was started.</summary>
    public const int BadArguments = 2;
}
