namespace Eavesdrop.Server.Ingest;

/// <summary>
/// Raised by <see cref="RtspClient.StatusChanged"/> on every state change. A consumer maps
/// <c>Transcribing</c> to <c>stream_status online</c> and a move from <c>Transcribing</c> to
/// <c>Reconnecting</c> to <c>offline</c> (with <see cref="End"/> as the reason).
/// </summary>
/// <param name="Previous">The state before the change.</param>
/// <param name="Current">The status after the change.</param>
/// <param name="End">How the connection ended, on a change to <see cref="StreamState.Reconnecting"/>.</param>
internal readonly record struct StreamStatusChange(StreamState Previous, StreamStatus Current, ConnectionEnd? End)
{
    /// <summary>The stream went from delivering audio to not delivering audio.</summary>
    public bool WentOffline => Previous == StreamState.Transcribing && Current.State != StreamState.Transcribing;

    public bool WentOnline => Current.State == StreamState.Transcribing && Previous != StreamState.Transcribing;
}
