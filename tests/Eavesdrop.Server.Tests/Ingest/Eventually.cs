namespace Eavesdrop.Server.Tests.Ingest;

/// <summary>Waits for a condition that has no event to await (e.g. a channel filling up). Not a timing assertion.</summary>
internal static class Eventually
{
    public static async Task WaitUntilAsync(Func<bool> condition, string because)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Safety;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition never held: {because}");
            }

            await Task.Delay(2);
        }
    }
}
