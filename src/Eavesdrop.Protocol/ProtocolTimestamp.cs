namespace Eavesdrop.Protocol;

/// <summary>Conversions for the <c>timestamp</c> field (unix seconds as a float).</summary>
public static class ProtocolTimestamp
{
    /// <summary>The current time of <paramref name="timeProvider"/> in unix seconds.</summary>
    public static double Now(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return FromDateTimeOffset(timeProvider.GetUtcNow());
    }

    public static double FromDateTimeOffset(DateTimeOffset value) =>
        (value - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;

    public static DateTimeOffset ToDateTimeOffset(double unixSeconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(unixSeconds * TimeSpan.TicksPerSecond));
}
