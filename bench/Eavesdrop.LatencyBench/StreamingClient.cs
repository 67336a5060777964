using System.Diagnostics;
using System.Runtime.CompilerServices;
using Eavesdrop.Client;
using Eavesdrop.Protocol;

namespace Eavesdrop.LatencyBench;

/// <summary>
/// One real <see cref="TranscriberClient"/> streaming a <see cref="Clip"/> in real time, then
/// <c>END_OF_AUDIO</c>, reading until the server closes. The finalisation latency is the wall-clock
/// time from the moment the chunk holding the last speech sample was sent to the moment the first
/// completed segment whose end reaches the speech end (within <see cref="EndTolerance"/>) arrived.
/// </summary>
internal static class StreamingClient
{
    public const double EndTolerance = 0.3;

    /// <summary>100 ms per binary frame, like a microphone callback.</summary>
    private const int ChunkSamples = ProtocolConstants.SampleRateHz / 10;

    public static async Task<ClientResult> RunAsync(Uri server, Clip clip, CancellationToken cancellationToken = default)
    {
        await using var client = new TranscriberClient(new TranscriberClientOptions { ServerUri = server });
        await client.ConnectAsync(cancellationToken);
        await client.StartRecordingAsync(cancellationToken: cancellationToken);

        long speechSentAt = 0;
        long? finalisedAt = null;
        var endOfAudioSent = false;
        var finalisedAfterEndOfAudio = false;
        var reader = Task.Run(
            async () =>
            {
                await foreach (var update in client.ReadUpdatesAsync(cancellationToken))
                {
                    if (finalisedAt is null && clip.SpeechEndSeconds is { } speechEnd
                        && update.NewlyCompleted.Any(s => s.End >= speechEnd - EndTolerance))
                    {
                        finalisedAt = Stopwatch.GetTimestamp();
                        finalisedAfterEndOfAudio = Volatile.Read(ref endOfAudioSent);
                    }
                }
            },
            cancellationToken);

        await client.SendAudioAsync(Chunks(clip, () => speechSentAt = Stopwatch.GetTimestamp(), cancellationToken), AudioPacing.RealTime, cancellationToken);
        Volatile.Write(ref endOfAudioSent, true);
        await client.SendEndOfAudioAsync(cancellationToken);
        await reader;

        TimeSpan? latency = finalisedAt is { } at && speechSentAt != 0 ? Stopwatch.GetElapsedTime(speechSentAt, at) : null;
        return new ClientResult(latency, finalisedAfterEndOfAudio);
    }

    /// <summary>The clip in chunks; calls <paramref name="speechEndSent"/> once the chunk holding the last speech sample has been sent.</summary>
    private static async IAsyncEnumerable<float[]> Chunks(Clip clip, Action speechEndSent, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var speechEndSample = clip.SpeechEndSample;
        for (var offset = 0; offset < clip.Samples.Length; offset += ChunkSamples)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(ChunkSamples, clip.Samples.Length - offset);
            yield return clip.Samples.AsSpan(offset, length).ToArray();

            // The sender asks for the next chunk only after this one went out on the socket.
            if (speechEndSample >= offset && speechEndSample < offset + length)
            {
                speechEndSent();
            }
        }

        await Task.CompletedTask;
    }
}
