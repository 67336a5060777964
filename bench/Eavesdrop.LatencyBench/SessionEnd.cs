namespace Eavesdrop.LatencyBench;

/// <summary>One "Transcriber session ended" log line of the server.</summary>
internal sealed record SessionEnd(double AudioSeconds, int Inferences, string Outcome);
