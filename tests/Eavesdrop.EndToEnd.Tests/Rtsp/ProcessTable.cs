using System.Globalization;

namespace Eavesdrop.EndToEnd.Tests.Rtsp;

/// <summary>Live children of a process, read from /proc (as GracefulShutdownTests does).</summary>
internal static class ProcessTable
{
    /// <summary>Command lines of the live (not zombie) children of <paramref name="pid"/>.</summary>
    public static List<string> Children(int pid)
    {
        var children = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == pid && fields[0] != "Z")
                {
                    children.Add(File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' '));
                }
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
        }

        return children;
    }
}
