using Eavesdrop.Client;
using Eavesdrop.Protocol;
using Eavesdrop.Tests.Common.Processes;
using Eavesdrop.Tests.Common.Speech;

namespace Eavesdrop.EndToEnd.Tests.Server;

/// <summary>Design §3.6 on the real process: SIGTERM with live sessions.</summary>
public class GracefulShutdownTests
{
    [Theory]
    [InlineData(UnixSignal.Terminate)]
    [InlineData(UnixSignal.Interrupt)]
    public async Task Signal_WithActiveSessions_EveryClientGetsDisconnect_ExitZero_NoLeftovers(UnixSignal signal)
    {
        await using var server = await RunningServer.StartAsync();
        var cancellation = TestContext.Current.CancellationToken;
        var samples = SpeechClips.Jfk.LoadSamples();

        var clients = new List<TranscriberClient>();
        var readers = new List<Task<(List<Segment> Segments, List<ProtocolMessage> Messages)>>();
        var senders = new List<Task>();
        for (var i = 0; i < 3; i++)
        {
            var client = new TranscriberClient(new TranscriberClientOptions { ServerUri = server.Uri, Stream = $"live-{i}" });
            await client.ConnectAsync(cancellation);
            await client.StartRecordingAsync(cancellationToken: cancellation);
            clients.Add(client);
            readers.Add(StreamedTranscript.CollectAsync(client, cancellation));
            senders.Add(SendUntilClosedAsync(client, samples));
        }

        // a file session mid-upload holds an ffmpeg child: it must be reaped too
        var fileClient = new TranscriberClient(new TranscriberClientOptions
        {
            ServerUri = server.Uri,
            Stream = "file-upload",
            SessionOptions = new SessionOptionsMessage { SourceMode = SourceMode.File },
        });
        await fileClient.ConnectAsync(cancellation);
        clients.Add(fileClient);
        readers.Add(StreamedTranscript.CollectAsync(fileClient, cancellation));
        var bytes = await File.ReadAllBytesAsync(SpeechClips.Jfk.Path, cancellation);
        var halfFile = Path.GetTempFileName();
        await File.WriteAllBytesAsync(halfFile, bytes[..(bytes.Length / 2)], cancellation);
        await fileClient.SendFileAsync(halfFile, cancellation);
        File.Delete(halfFile);

        await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
        var children = ChildProcesses(server.Process.Id);
        Assert.Contains(children, c => c.Contains("ffmpeg", StringComparison.Ordinal));

        server.Process.SendSignal(signal);
        var exitCode = await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(60), cancellation);

        Assert.Equal(0, exitCode);
        foreach (var reader in readers)
        {
            var (_, messages) = await reader.WaitAsync(TimeSpan.FromSeconds(30), cancellation);
            var disconnect = Assert.IsType<DisconnectMessage>(messages[^1]);
            Assert.Contains("shutting down", disconnect.Message, StringComparison.Ordinal);
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        await Task.WhenAll(senders).WaitAsync(TimeSpan.FromSeconds(30), cancellation);
        Assert.Empty(ChildProcesses(server.Process.Id));
        Assert.False(IsAlive(server.Process.Id));
        Assert.Contains(server.Process.StandardErrorLines, l => l.Contains("Server stopped", StringComparison.Ordinal));
    }

    private static async Task SendUntilClosedAsync(TranscriberClient client, float[] samples)
    {
        try
        {
            while (true)
            {
                await client.SendAudioAsync(Chunks(samples), AudioPacing.RealTime);
            }
        }
        catch (Exception ex) when (ex is EavesdropClientException or System.Net.WebSockets.WebSocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // the server went away: that is the point
        }
    }

    private static async IAsyncEnumerable<float[]> Chunks(float[] samples)
    {
        for (var i = 0; i < samples.Length; i += 1600)
        {
            yield return samples[i..Math.Min(samples.Length, i + 1600)];
        }

        await Task.CompletedTask;
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    /// <summary>Command lines of the live children of <paramref name="pid"/> (from /proc).</summary>
    private static List<string> ChildProcesses(int pid)
    {
        var children = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name, out _))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == pid && fields[0] != "Z")
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
