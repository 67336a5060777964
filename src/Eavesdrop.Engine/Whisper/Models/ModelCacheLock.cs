using Eavesdrop.Engine.Abstractions;

namespace Eavesdrop.Engine.Whisper.Models;

/// <summary>
/// An exclusive lock on one model's cache folder, held while it is downloaded, so two processes
/// never write the same files. .NET takes an advisory <c>flock</c> for <see cref="FileShare.None"/> on Unix.
/// </summary>
internal sealed class ModelCacheLock : IDisposable
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(200);

    private readonly FileStream _handle;

    private ModelCacheLock(FileStream handle) => _handle = handle;

    public static async Task<ModelCacheLock> AcquireAsync(string lockPath, TimeSpan timeout, TimeProvider timeProvider, Action onWaiting, CancellationToken cancellationToken = default)
    {
        var started = timeProvider.GetTimestamp();
        var announced = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new ModelCacheLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1));
            }
            catch (IOException) when (File.Exists(lockPath))
            {
                if (timeProvider.GetElapsedTime(started) >= timeout)
                {
                    throw new EngineException($"Gave up after {timeout} waiting for another process to finish downloading into {Path.GetDirectoryName(lockPath)} (it holds {lockPath}).");
                }

                if (!announced)
                {
                    announced = true;
                    onWaiting();
                }

                await Task.Delay(s_pollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
