namespace Eavesdrop.Server.Ingest;

/// <summary>Starts child processes; the seam that lets ingest tests replace ffmpeg with a fake.</summary>
internal interface IProcessRunner
{
    /// <summary>
    /// Starts <paramref name="fileName"/> with <paramref name="arguments"/> (passed as a list, never
    /// through a shell), stdout and stderr redirected. Throws when the process cannot be started.
    /// </summary>
    IRunningProcess Start(string fileName, IReadOnlyList<string> arguments);
}
