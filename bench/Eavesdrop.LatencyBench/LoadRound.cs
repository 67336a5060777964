using System.Diagnostics;

namespace Eavesdrop.LatencyBench;

/// <summary>N clients streaming the same clip at once against one server; measures latency, server CPU and inferences.</summary>
internal static class LoadRound
{
    private static readonly TimeSpan SessionEndTimeout = TimeSpan.FromSeconds(30);

    public static async Task<RoundResult> RunAsync(ServerProcess server, Clip clip, int clients, CancellationToken cancellationToken = default)
    {
        var endsBefore = server.SessionEndCount;
        var cpuBefore = server.CpuTime;
        var wall = Stopwatch.StartNew();

        var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => StreamingClient.RunAsync(server.Address, clip, cancellationToken)));
        await server.WaitForSessionEndsAsync(endsBefore + clients, SessionEndTimeout, cancellationToken);

        var cpu = server.CpuTime - cpuBefore;
        var ends = server.SessionEndsSince(endsBefore);
        return new RoundResult
        {
            Clip = clip.Name,
            Clients = clients,
            AudioSecondsPerClient = clip.Seconds,
            SpeechEndSeconds = clip.SpeechEndSeconds,
            WallSeconds = wall.Elapsed.TotalSeconds,
            LatenciesSeconds = [.. results.Select(r => r.Latency?.TotalSeconds)],
            FinalisedAfterEndOfAudio = results.Count(r => r.FinalisedAfterEndOfAudio),
            ServerCpuSeconds = cpu.TotalSeconds,
            Inferences = ends.Sum(e => e.Inferences),
            ServerAudioSeconds = ends.Sum(e => e.AudioSeconds),
        };
    }
}
