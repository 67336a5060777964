namespace Eavesdrop.Server.Ingest;

/// <summary>Stable log event ids of the ingest subsystem (range 3000–3099). Never reuse an id.</summary>
internal static class IngestEventIds
{
    public const string Category = "Eavesdrop.Ingest";

    public const int Connecting = 3000;
    public const int FfmpegStarted = 3001;
    public const int Transcribing = 3002;
    public const int Reconnecting = 3003;
    public const int Stopped = 3004;
    public const int FfmpegError = 3005;
    public const int FfmpegOutput = 3006;
    public const int NoDataTimeout = 3007;
    public const int TerminatingFfmpeg = 3008;
    public const int KillingFfmpeg = 3009;
    public const int FfmpegStartFailed = 3010;
    public const int FfmpegExited = 3011;
    public const int StatusHandlerFailed = 3012;
    public const int IngestFailed = 3013;
}
