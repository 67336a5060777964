using System.Diagnostics;
using System.Runtime.InteropServices;
using Eavesdrop.Server.Sessions;
using Microsoft.Extensions.Logging;

namespace Eavesdrop.Server.Ingest;

/// <summary>
/// The source of a file session: the client's raw file bytes go through ffmpeg (any container it
/// decodes) and come out as 16 kHz mono float32 into the session, while the upload is still
/// arriving. The bytes are also spooled to a temporary file: containers that need seeking (an MP4
/// with its index at the end) fail from a pipe, and are then decoded again from the spool.
/// </summary>
internal sealed partial class FileAudioDecoder : IAsyncDisposable
{
    private readonly string _ffmpegPath;
    private readonly TranscriptionSession _session;
    private readonly ILogger _logger;
    private readonly string _spoolPath = Path.Combine(Path.GetTempPath(), $"eavesdrop-upload-{Guid.NewGuid():N}");
    private readonly FileStream _spool;
    private Process? _process;
    private Task? _pump;
    private long _samplesDecoded;
    private bool _pipeBroken;

    public FileAudioDecoder(string ffmpegPath, TranscriptionSession session, ILogger logger)
    {
        _ffmpegPath = ffmpegPath;
        _session = session;
        _logger = logger;
        _spool = new FileStream(_spoolPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
    }

    /// <summary>Why the upload could not be decoded, once <see cref="CompleteAsync"/> has run; null if it could.</summary>
    public string? Error { get; private set; }

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _spool.WriteAsync(bytes, cancellationToken);
        if (_pipeBroken)
        {
            return;
        }

        _process ??= Start("pipe:0", cancellationToken);
        try
        {
            await _process.StandardInput.BaseStream.WriteAsync(bytes, cancellationToken);
        }
        catch (IOException)
        {
            // ffmpeg gave up on the pipe (e.g. an MP4 that needs seeking); the spool still has everything.
            _pipeBroken = true;
        }
    }

    /// <summary>Ends the upload and waits until all decoded audio is in the session.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await _spool.FlushAsync(cancellationToken);
        if (_spool.Length == 0)
        {
            Error = "File session ended without any file bytes.";
            return;
        }

        var (exitCode, stderr) = _process is null ? (-1, string.Empty) : await FinishAsync(_process, cancellationToken);
        if (exitCode == 0)
        {
            return;
        }

        if (_samplesDecoded == 0)
        {
            Log.RetryingFromSpool(_logger, _spool.Length);
            var fromFile = Start(_spoolPath, cancellationToken);
            await fromFile.StandardInput.BaseStream.DisposeAsync();
            (exitCode, stderr) = await FinishAsync(fromFile, cancellationToken);
            fromFile.Dispose();
            if (exitCode == 0)
            {
                return;
            }
        }

        Error = $"Could not decode the uploaded file with ffmpeg (exit code {exitCode}): {LastLine(stderr)}";
        Log.DecodeFailed(_logger, exitCode, LastLine(stderr));
    }

    private Process Start(string input, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(_ffmpegPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] stdinFlag = input == "pipe:0" ? ["-nostdin"] : [];
        foreach (var arg in (string[])["-hide_banner", .. stdinFlag, "-loglevel", "error", "-i", input, "-vn", "-ac", "1", "-ar", "16000", "-f", "f32le", "pipe:1"])
        {
            startInfo.ArgumentList.Add(arg);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {_ffmpegPath}.");
        _pump = PumpAsync(process, cancellationToken);
        return process;
    }

    private async Task PumpAsync(Process process, CancellationToken cancellationToken)
    {
        var stdout = process.StandardOutput.BaseStream;
        var buffer = new byte[16000 * sizeof(float)];
        var filled = 0;
        while (true)
        {
            var read = await stdout.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
            var whole = filled / sizeof(float) * sizeof(float);
            if (whole == 0)
            {
                continue;
            }

            var samples = MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, whole)).ToArray();
            _samplesDecoded += samples.Length;
            await _session.AppendAudioAsync(samples, cancellationToken);
            buffer.AsSpan(whole, filled - whole).CopyTo(buffer);
            filled -= whole;
        }
    }

    private async Task<(int ExitCode, string Stderr)> FinishAsync(Process process, CancellationToken cancellationToken)
    {
        try
        {
            await process.StandardInput.BaseStream.DisposeAsync();
        }
        catch (IOException)
        {
        }

        var stderr = await process.StandardError.ReadToEndAsync(cancellationToken);
        if (_pump is not null)
        {
            await _pump;
        }

        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, stderr);
    }

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no output" : lines[^1];
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        await _spool.DisposeAsync();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1200, EventName = "FileDecodeRetry", Level = LogLevel.Information,
            Message = "ffmpeg could not decode the upload from a pipe; decoding the {Bytes}-byte spooled copy")]
        public static partial void RetryingFromSpool(ILogger logger, long bytes);

        [LoggerMessage(EventId = 1201, EventName = "FileDecodeFailed", Level = LogLevel.Warning,
            Message = "ffmpeg could not decode the uploaded file (exit code {ExitCode}): {FfmpegError}")]
        public static partial void DecodeFailed(ILogger logger, int exitCode, string ffmpegError);
    }
}
