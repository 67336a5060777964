using System.Globalization;

namespace Eavesdrop.LatencyBench;

/// <summary>User + system CPU time of a process from <c>/proc/PID/stat</c> (fields 14 and 15, in clock ticks).</summary>
internal static class ProcessCpuTime
{
    // sysconf(_SC_CLK_TCK) is 100 on every Linux build this runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var userTicks = long.Parse(fields[11], CultureInfo.InvariantCulture);   // field 14
        var systemTicks = long.Parse(fields[12], CultureInfo.InvariantCulture); // field 15
        return TimeSpan.FromSeconds((userTicks + systemTicks) / TicksPerSecond);
    }
}
