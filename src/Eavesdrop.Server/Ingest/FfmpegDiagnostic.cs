namespace Eavesdrop.Server.Ingest;

/// <summary>One stderr line of ffmpeg that reports an error, with its class. <see cref="Line"/> is already redacted.</summary>
internal readonly record struct FfmpegDiagnostic(IngestError Error, string Line);
