namespace Eavesdrop.Server.Tests.Ingest;

/// <summary>Safety nets so a broken test fails instead of hanging; never used to wait for behaviour.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Safety = TimeSpan.FromSeconds(20);

    public static Task OrTimeout(this Task task) =>
        task.WaitAsync(Safety, TestContext.Current.CancellationToken);

    public static Task<T> OrTimeout<T>(this Task<T> task) =>
        task.WaitAsync(Safety, TestContext.Current.CancellationToken);

    public static Task OrTimeout(this ValueTask task) => task.AsTask().OrTimeout();
}
