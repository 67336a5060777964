namespace Eavesdrop.Server.Ingest;

/// <summary>How one ffmpeg run ended. <see cref="Message"/> is redacted and safe to log or send.</summary>
/// <param name="Error">The class of the end; every class leads to a reconnect.</param>
/// <param name="Message">ffmpeg's own error line, or a description of the end.</param>
/// <param name="ExitCode">ffmpeg's exit code; null when it never started.</param>
/// <param name="HadAudio">Whether this connection delivered any audio before it ended.</param>
internal readonly record struct ConnectionEnd(IngestError Error, string Message, int? ExitCode, bool HadAudio);
