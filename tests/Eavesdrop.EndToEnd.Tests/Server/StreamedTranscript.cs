using Eavesdrop.Client;
using Eavesdrop.Protocol;

namespace Eavesdrop.EndToEnd.Tests.Server;

/// <summary>Streams one clip through a real <see cref="TranscriberClient"/> and collects what completes.</summary>
internal static class StreamedTranscript
{
    public static async Task<(string Text, List<Segment> Segments, List<ProtocolMessage> Messages)> StreamAsync(
        Uri server, float[] samples, string stream, AudioPacing pacing, CancellationToken cancellationToken = default)
    {
        await using var client = new TranscriberClient(new TranscriberClientOptions { ServerUri = server, Stream = stream });
        await client.ConnectAsync(cancellationToken);
        await client.StartRecordingAsync(cancellationToken: cancellationToken);
        var reading = CollectAsync(client, cancellationToken);
        await client.SendAudioAsync(Chunks(samples), pacing, cancellationToken);
        await client.SendEndOfAudioAsync(cancellationToken);
        var (segments, messages) = await reading;
        return (string.Join(' ', segments.Select(s => s.Text)), segments, messages);
    }

    public static async Task<(List<Segment> Segments, List<ProtocolMessage> Messages)> CollectAsync(TranscriberClient client, CancellationToken cancellationToken)
    {
        var segments = new List<Segment>();
        var messages = new List<ProtocolMessage>();
        await foreach (var update in client.ReadUpdatesAsync(cancellationToken))
        {
            messages.Add(update.Message);
            segments.AddRange(update.NewlyCompleted);
            if (update.Message is DisconnectMessage)
            {
                break;
            }
        }

        return (segments, messages);
    }

    private static async IAsyncEnumerable<float[]> Chunks(float[] samples)
    {
        for (var i = 0; i < samples.Length; i += 1600)
        {
            yield return samples[i..Math.Min(samples.Length, i + 1600)];
        }

        await Task.CompletedTask;
    }
}
