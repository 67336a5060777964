namespace Eavesdrop.Server.Streams;

/// <summary>What <c>GET /status</c> returns: every RTSP stream's status and the live connection counts.</summary>
/// <param name="Streams">One entry per configured stream, in configuration order (URLs without credentials).</param>
/// <param name="ActiveSessions">Transcriber (WebSocket) sessions now running.</param>
/// <param name="Subscribers">RTSP subscriber attachments now open, summed over the streams.</param>
internal sealed record ServerStatusReport(IReadOnlyList<Ingest.StreamStatus> Streams, int ActiveSessions, int Subscribers);
