namespace Eavesdrop.Server.Tests.Ingest.Integration;

/// <summary>Reads /proc: which processes exist and what their command lines are.</summary>
internal static class ProcessTable
{
    public static bool Exists(int processId) => Directory.Exists($"/proc/{processId}");

    /// <summary>Ids of live processes whose command line contains <paramref name="fragment"/>.</summary>
    public static IReadOnlyList<int> FindByCommandLine(string fragment)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(fragment, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // exited while we looked
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
